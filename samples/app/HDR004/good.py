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
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
