import json

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse
from openai import AsyncOpenAI

app = FastAPI()
client = AsyncOpenAI()


async def relay(body: dict):
    stream = await client.chat.completions.create(**body, stream=True)
    async for chunk in stream:
        # expect: PY004
        yield json.dumps(chunk.dict(), ensure_ascii=False).encode("utf-8")


@app.post("/v1/chat/completions")
async def completions(request: Request):
    body = await request.json()
    return StreamingResponse(relay(body), media_type="text/event-stream")
