import asyncio

from sse_starlette.sse import EventSourceResponse
from starlette.applications import Starlette
from starlette.routing import Route

# A 1.5 s silence behind a 1 s `ProxyTimeout`: sse-starlette's ping comment every 0.5 s keeps it open.
N, INTERVAL, PAUSE = 15, 0.2, 1.5


async def events():
    for i in range(N):
        if PAUSE and i == N // 2:
            await asyncio.sleep(PAUSE)
        yield {"data": f'{{"i": {i}}}'}
        await asyncio.sleep(INTERVAL)


async def sse(request):
    return EventSourceResponse(events(), ping=0.5)


app = Starlette(routes=[Route("/sse", sse)])
