import asyncio


async def run_agent(prompt: str, queue: asyncio.Queue):
    """The model: one token every 50 ms, awaiting between tokens so that cancellation lands at once."""
    for word in prompt.split():
        await asyncio.sleep(0.05)
        await queue.put(word)
    await queue.put(None)
