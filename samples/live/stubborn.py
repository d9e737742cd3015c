"""The agent ignores cancellation: a blocking call in a thread that the stop signal cannot interrupt."""
import asyncio
import threading
import time

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from common import SSE_HEADERS, event, log, request_fields


def run_agent(stop: threading.Event):
    time.sleep(3)  # the blocking model call: never looks at `stop`


CLEANUPS: set = set()


async def wait_for_agent(agent, trace):
    try:
        await asyncio.wait_for(asyncio.shield(agent), timeout=0.5)
    except TimeoutError:
        log.warning("agent_task_timeout_on_cancel trace=%s", trace)


async def chat(request):
    words, session, trace = await request_fields(request)

    async def events():
        stop = threading.Event()
        agent = asyncio.ensure_future(asyncio.to_thread(run_agent, stop))
        log.info("stream_start trace=%s session=%s", trace, session)
        try:
            yield event(type="status", status="thinking")
            for w in words * 20:
                await asyncio.sleep(0.1)
                yield event(type="delta", content=w)
            yield event(type="done")
        except asyncio.CancelledError:
            log.info("stream_cancelled trace=%s reason=client_disconnect", trace)
            stop.set()
            # The wait runs outside the cancelled request scope (anyio would cancel any await in it at once).
            CLEANUPS.add(asyncio.get_running_loop().create_task(wait_for_agent(agent, trace)))
            raise

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


app = Starlette(routes=[Route("/api/chat", chat, methods=["POST"])])
