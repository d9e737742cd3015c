import asyncio


async def events(queue):
    try:
        while True:
            item = await queue.get()
            yield f"data: {item}\n\n"
    # expect: CAN004
    except asyncio.CancelledError:
        yield 'data: {"type": "done", "error": "stream_cancelled"}\n\n'


async def run_agent(prompt):
    try:
        await asyncio.sleep(30)
    # expect: CAN004
    except:
        return None


async def main(prompt):
    task = asyncio.create_task(run_agent(prompt))
    return await task
