# Error answers typed as event streams, so the client's SSE parser reads them: one body each, not a stream.
import json

from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"


@app.get("/api/stream")
async def stream(request: Request):
    if "authorization" not in request.headers:
        return Response('event: error\ndata: {"error": "unauthorized"}\n\n', status_code=401, media_type="text/event-stream")
    if request.query_params.get("model") is None:
        return Response(json.dumps({"error": "no model"}), media_type="text/event-stream")
    return StreamingResponse(events(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"})
