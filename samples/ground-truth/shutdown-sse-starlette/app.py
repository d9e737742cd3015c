import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route
from sse_starlette.sse import EventSourceResponse


async def events():
    while True:
        yield {"data": "tick"}
        await asyncio.sleep(0.5)


async def sse(request):
    return EventSourceResponse(events())


app = Starlette(routes=[Route("/sse", sse)])
