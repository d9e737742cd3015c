import json

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

from sse import openai_sse

app = FastAPI()


async def chunks(tokens):
    async for token in tokens:
        chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}]}
        yield f"data: {json.dumps(chunk)}\n\n"


@app.post("/v1/chat/completions")
async def completions():
    # The wrapper of another module sends the closing data: [DONE].
    return StreamingResponse(openai_sse(chunks(app.state.llm.stream())), media_type="text/event-stream")
