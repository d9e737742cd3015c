from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

app = FastAPI()


@app.middleware("http")
async def add_headers(request: Request, call_next):
    response = await call_next(request)
    # expect: HDR002
    response.headers["Keep-Alive"] = "timeout=300"
    return response


async def events():
    yield ": ping\n\n"


@app.get("/events")
async def stream():
    headers = {
        "Cache-Control": "no-cache",
        # expect: HDR002
        "Connection": "keep-alive",
        "X-Accel-Buffering": "no",
    }
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
