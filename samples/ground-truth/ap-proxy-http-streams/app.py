import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

# Events every 0.2 s, no pause: the stream is never idle.
N, INTERVAL = 15, 0.2


async def events():
    for i in range(N):
        yield f'data: {{"i": {i}}}\n\n'
        await asyncio.sleep(INTERVAL)


async def sse(request):
    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(routes=[Route("/sse", sse, methods=["GET", "POST"])])
