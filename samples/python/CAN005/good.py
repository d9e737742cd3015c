import asyncio


async def run_agent(prompt, cancelled: asyncio.Event):
    for _ in range(10):
        if cancelled.is_set():
            return None
        await asyncio.sleep(0.1)
    return "answer"


async def stream(prompt):
    cancelled = asyncio.Event()
    agent_task = asyncio.create_task(run_agent(prompt, cancelled))
    try:
        return await agent_task
    finally:
        cancelled.set()
        agent_task.cancel()
        try:
            await asyncio.wait_for(agent_task, timeout=0.5)
        except (asyncio.CancelledError, TimeoutError):
            pass
