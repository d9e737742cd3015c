import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def tokens(prompt: str):
    for word in prompt.split():
        yield f"data: {word}\n\n"
        await asyncio.sleep(0.1)


@app.post("/chat_stream")
async def chat_stream(prompt: str):
    return StreamingResponse(tokens(prompt), media_type="text/event-stream", headers={"Cache-Control": "no-cache, no-transform"})
