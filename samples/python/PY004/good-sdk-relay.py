from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse
from openai import AsyncOpenAI

app = FastAPI()
client = AsyncOpenAI()


async def relay(body: dict):
    stream = await client.chat.completions.create(**body, stream=True)
    async for chunk in stream:
        yield f"data: {chunk.model_dump_json()}\n\n"
    yield "data: [DONE]\n\n"


async def ndjson(body: dict):
    # The same objects as NDJSON: another protocol, with its own end (the body ends).
    stream = await client.chat.completions.create(**body, stream=True)
    async for chunk in stream:
        yield chunk.model_dump_json() + "\n"


@app.post("/v1/chat/completions")
async def completions(request: Request):
    return StreamingResponse(relay(await request.json()), media_type="text/event-stream")


@app.post("/v1/chat/completions.ndjson")
async def completions_ndjson(request: Request):
    return StreamingResponse(ndjson(await request.json()), media_type="application/x-ndjson")
