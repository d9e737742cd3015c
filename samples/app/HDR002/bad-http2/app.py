# hypercorn with a certificate answers browsers over HTTP/2 itself (Procfile): no nginx strips this header.
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"


@app.get("/events")
async def stream():
    headers = {
        "Cache-Control": "no-cache",
        # expect: HDR002
        "Connection": "keep-alive",
    }
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
