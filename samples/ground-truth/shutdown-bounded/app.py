import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route


async def events():
    while True:
        yield "data: tick\n\n"
        await asyncio.sleep(0.5)


async def sse(request):
    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


app = Starlette(routes=[Route("/sse", sse)])
