from fastapi import FastAPI
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def events():
    yield {"data": "hello"}


@app.get("/events")
async def stream():
    # sse-starlette adds Connection: keep-alive itself; the app does not set it.
    return EventSourceResponse(events())
