import asyncio


async def with_keepalive(source, every=15):
    # The app's own helper: a comment whenever the source is quiet for `every` seconds.
    it = source.__aiter__()
    while True:
        try:
            item = await asyncio.wait_for(it.__anext__(), timeout=every)
        except asyncio.TimeoutError:
            yield ": ping\n\n"
            continue
        except StopAsyncIteration:
            return
        yield f"data: {item}\n\n"
