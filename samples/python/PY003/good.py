import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def events(queue):
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=15)
        except TimeoutError:
            yield ": ping\n\n"
            continue
        yield f"data: {item}\n\n"


@app.get("/events")
async def stream():
    return StreamingResponse(events(app.state.queue), media_type="text/event-stream")


@app.get("/events/lib")
async def library():
    return EventSourceResponse(events(app.state.queue))
