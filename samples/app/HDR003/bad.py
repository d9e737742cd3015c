from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()

SSE_HEADERS = {
    # expect: HDR003
    "Cache-Control": "no-cache, no-store, must-revalidate, max-age=0",
    "X-Accel-Buffering": "no",
    # expect: HDR003
    "Pragma": "no-cache",
    # expect: HDR003
    "Expires": "0",
}


async def events():
    yield ": ping\n\n"


@app.get("/events")
async def stream():
    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)
