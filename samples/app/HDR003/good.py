from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


async def events():
    yield ": ping\n\n"


@app.get("/events")
async def stream():
    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)
