from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.middleware.gzip import GZipMiddleware

app = FastAPI()
app.add_middleware(GZipMiddleware, minimum_size=500)


async def tokens():
    yield ": ping\n\n"
    yield 'data: {"type": "delta", "content": "Hi"}\n\n'


@app.post("/api/chat")
async def chat():
    # GZipMiddleware skips text/event-stream (starlette PR #2871).
    return StreamingResponse(tokens(), media_type="text/event-stream")
