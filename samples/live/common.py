"""Shared by the live apps: the log lines (stream_start, stream_cancelled…) and the status/delta/done event protocol."""
import json
import logging
import os
import uuid

logging.basicConfig(filename=os.environ.get("LOG_FILE", os.devnull), level=logging.INFO,
                    format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("server")
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Pragma": "no-cache", "Expires": "0"}


def event(**fields):
    return "data: " + json.dumps(fields) + "\n\n"


async def request_fields(request):
    try:
        body = await request.json()
    except Exception:
        body = {}
    words = str(body.get("prompt", "test")).split() or ["test"]
    return words, str(body.get("session", "s1")), uuid.uuid4().hex[:8]
