import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

# Events every 0.2 s with one 1.5 s pause before event 7: the event sent just before the pause must not wait for it.
N, INTERVAL, PAUSE = 15, 0.2, 1.5


async def events():
    for i in range(N):
        if PAUSE and i == N // 2:
            await asyncio.sleep(PAUSE)
        yield f'data: {{"i": {i}}}\n\n'
        await asyncio.sleep(INTERVAL)


async def sse(request):
    return StreamingResponse(events(), media_type="text/event-stream")


app = Starlette(routes=[Route("/sse", sse, methods=["GET", "POST"])])
