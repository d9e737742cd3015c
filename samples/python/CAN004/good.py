import json
import asyncio
import logging

log = logging.getLogger(__name__)


async def events(queue, trace):
    try:
        while True:
            item = await queue.get()
            yield f"data: {item}\n\n"
    except asyncio.CancelledError:
        log.info("stream_cancelled trace=%s", trace)
        raise


async def stop(task):
    task.cancel()
    try:
        await asyncio.wait_for(task, timeout=0.5)
    except asyncio.CancelledError:
        pass


async def parsed(queue):
    while True:
        raw = await queue.get()
        # No await inside the try: nothing here can raise CancelledError, so the bare except swallows none.
        try:
            item = json.loads(raw)
        except:
            item = {"raw": raw}
        yield f"data: {json.dumps(item)}\n\n"
