from fastapi import FastAPI
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def tokens():
    yield {"event": "delta", "data": "hello"}


@app.get("/api/stream")
async def stream():
    return EventSourceResponse(tokens())
