# The media type given as a header: Starlette keeps a Content-Type from `headers` over `media_type`, so this
# response is text/event-stream (and counts as SSE for the other rules).
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()

SSE_HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
}


async def events():
    yield ": ping\n\n"
    yield 'data: {"type": "status"}\n\n'


@app.post("/api/chat")
async def chat():
    return StreamingResponse(events(), headers=SSE_HEADERS)


@app.post("/api/agent")
async def agent():
    return StreamingResponse(events(), media_type="text/plain", headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
