from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.middleware.gzip import GZipMiddleware

app = FastAPI()
app.add_middleware(GZipMiddleware, minimum_size=500)


async def tokens():
    yield '{"type": "delta", "content": "Hi"}\n'


@app.post("/api/chat")
async def chat():
    # expect: PY007
    return StreamingResponse(tokens(), media_type="application/x-ndjson")
