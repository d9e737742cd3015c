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


# Two routes each define their own `generate()`: each response is judged by the one in its own scope.
@app.post("/relay")
async def relay(request: dict):
    async def generate():
        async with app.state.client.stream("POST", "http://llm:8000/v1/completions", json=request) as upstream:
            async for chunk in upstream.aiter_bytes():
                yield chunk

    return StreamingResponse(generate(), media_type="text/event-stream")


@app.post("/agent")
async def agent(request: dict):
    async def generate():
        async for step in app.state.agent.run(request):
            yield f"data: {step}\n\n"

    # expect: PY003
    return StreamingResponse(generate(), media_type="text/event-stream")
