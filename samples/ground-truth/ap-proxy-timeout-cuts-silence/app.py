import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

# A 1.5 s silence mid-stream, no heartbeat.
N, INTERVAL, PAUSE = 15, 0.2, 1.5


async def events():
    for i in range(N):
        if PAUSE and i == N // 2:
            await asyncio.sleep(PAUSE)
        yield f'data: {{"i": {i}}}\n\n'
        await asyncio.sleep(INTERVAL)


async def sse(request):
    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(routes=[Route("/sse", sse)])
