import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def events():
    while True:
        await asyncio.sleep(30)
        yield 'data: {"type": "status"}\n\n'


@app.get("/events")
async def stream():
    # expect: PY003
    return StreamingResponse(events(), media_type="text/event-stream")


@app.get("/events/lib")
async def library():
    # expect: PY003
    return EventSourceResponse(events(), ping=0)
