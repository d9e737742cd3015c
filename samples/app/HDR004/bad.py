from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"


@app.get("/events")
async def stream():
    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        # expect: HDR004
        headers={"Cache-Control": "public, max-age=60", "X-Accel-Buffering": "no"},
    )
