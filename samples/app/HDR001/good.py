from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"
    yield 'data: {"type": "status"}\n\n'


async def lines():
    yield '{"type": "delta"}\n'


@app.post("/api/chat")
async def chat():
    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@app.post("/api/export")
async def export():
    # Not SSE-formatted: an NDJSON stream may use its own media type.
    return StreamingResponse(lines(), media_type="application/x-ndjson")
