import asyncio

from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.routing import Route

# A 3 s silence behind a 2 s `timeout server`: sse-starlette's ping comment every second keeps it open.
N, INTERVAL, PAUSE = 15, 0.2, 3.0


async def events():
    for i in range(N):
        if PAUSE and i == N // 2:
            await asyncio.sleep(PAUSE)
        yield {"data": f'{{"i": {i}}}'}
        await asyncio.sleep(INTERVAL)


async def sse(request):
    return EventSourceResponse(events(), ping=1)


app = Starlette(routes=[Route("/sse", sse)])
