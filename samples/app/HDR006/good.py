from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from sse_starlette.sse import EventSourceResponse

app = FastAPI()

SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
    "Pragma": "no-cache",
    "Expires": "0",
}


async def events():
    yield ": ping\n\n"


@app.post("/api/chat")
async def chat():
    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


@app.get("/api/events")
async def library():
    # sse-starlette sends Cache-Control, Connection and X-Accel-Buffering itself (docs/evidence.md#u8-sse-starlette-defaults).
    return EventSourceResponse(events(), headers={"Pragma": "no-cache", "Expires": "0"})
