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


async def relay(client, body):
    # The upstream LLM server's stream, forwarded chunk by chunk: its cadence (and any heartbeat it sends) passes
    # through, and a ping added here would be spliced into the middle of its events.
    async with client.stream("POST", "http://vllm:8000/v1/chat/completions", json=body) as upstream:
        async for chunk in upstream.aiter_bytes():
            yield chunk


@app.post("/v1/chat/completions")
async def proxy(body: dict):
    return StreamingResponse(relay(app.state.client, body), media_type="text/event-stream")
