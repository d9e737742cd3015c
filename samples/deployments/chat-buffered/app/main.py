import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI(debug=True)


async def agent_tokens(prompt: str):
    yield 'data: {"type":"status","status":"thinking"}\n\n'
    for word in prompt.split():
        await asyncio.sleep(0.05)
        yield f'data: {{"type":"delta","content":"{word}"}}\n\n'
    yield 'data: {"type":"done"}\n\n'


@app.post("/api/chat")
async def chat(body: dict):
    return StreamingResponse(agent_tokens(body.get("prompt", "")), media_type="text/event-stream")
