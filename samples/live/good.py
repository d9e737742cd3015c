"""A correct stream: the SSE headers, status/delta/done, a heartbeat, cancellation logged."""
import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from common import SSE_HEADERS, event, log, request_fields


async def chat(request):
    words, session, trace = await request_fields(request)

    async def events():
        log.info("stream_start trace=%s session=%s", trace, session)
        try:
            yield event(type="status", status="thinking")
            for w in words:
                await asyncio.sleep(0.02)
                log.info("stream_delta trace=%s", trace)
                yield event(type="delta", content=w)
            yield event(type="done")
        except asyncio.CancelledError:
            log.info("stream_cancelled trace=%s reason=client_disconnect", trace)
            raise
        finally:
            log.info("stream_end trace=%s", trace)

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)


app = Starlette(routes=[Route("/api/chat", chat, methods=["POST"])])
