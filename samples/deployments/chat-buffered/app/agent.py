import asyncio
import time


async def run_agent(prompt: str, queue: asyncio.Queue):
    """The model: one token every 50 ms."""
    for word in prompt.split():
        time.sleep(0.05)
        await queue.put(word)
    await queue.put(None)
