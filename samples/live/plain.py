"""A stream without the anti-buffering header, for nginx's defaults to buffer (uvicorn --http h11)."""
import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from common import event, request_fields


async def chat(request):
    words, _, _ = await request_fields(request)

    async def events():
        yield event(type="status", status="thinking")
        for w in words:
            await asyncio.sleep(0.05)
            yield event(type="delta", content=w)
        yield event(type="done")

    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(routes=[Route("/api/chat", chat, methods=["POST"])])
