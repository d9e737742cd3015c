"""An EventSource endpoint (GET) that uses the corners of the event-stream format a line-by-line reader gets wrong:
CRLF line ends, a JSON payload split over two `data:` lines, `retry:`, `id:`, a named event and a heartbeat comment.
Each event is correct as a browser parses it, so `sselint probe` must find nothing."""
import asyncio
import json

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from common import SSE_HEADERS


async def events(request):
    async def body():
        yield b"retry: 3000\r\n: connected\r\n\r\n"
        yield b'data: {"type":\r\ndata: "status", "status": "thinking"}\r\nid: 1\r\n\r\n'
        for i in range(8):
            await asyncio.sleep(0.05)
            yield ("data: " + json.dumps({"type": "delta", "content": "w%d" % i}) + "\r\n\r\n").encode()
            if i == 3:
                yield b"event: usage\r\ndata: tokens=4\r\n\r\n: heartbeat\r\n"
        yield b'data: {"type": "done"}\r\n\r\n'

    return StreamingResponse(body(), media_type="text/event-stream", headers=SSE_HEADERS)


app = Starlette(routes=[Route("/events", events)])
