from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from llm import stream_tokens

app = FastAPI()


@app.post("/chat")
async def chat(prompt: list):
    # expect: PY001
    return StreamingResponse(stream_tokens(prompt), media_type="text/event-stream")
