import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def answer(prompt: str):
    # Tokens as the model produces them; no heartbeat while it thinks.
    for word in prompt.split():
        await asyncio.sleep(1)
        yield f"data: {word}\n\n"


@app.post("/chat/stream")
async def chat_stream(prompt: str):
    return StreamingResponse(answer(prompt), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
