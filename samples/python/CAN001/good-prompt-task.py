import asyncio


async def heartbeat(queue):
    # Only sleeps and queues: once cancelled it ends at its next await, so waiting for it cannot hang.
    while True:
        await asyncio.sleep(15)
        await queue.put("ping")


async def stream(queue):
    beat = asyncio.create_task(heartbeat(queue))
    try:
        while (item := await queue.get()) is not None:
            yield f"data: {item}\n\n"
    finally:
        beat.cancel()
        try:
            await beat
        except asyncio.CancelledError:
            pass
