import asyncio

from agents import client


async def run_agent(prompt):
    return await client.run(prompt)


async def stream(prompt, request):
    agent_task = asyncio.create_task(run_agent(prompt))
    try:
        while not agent_task.done():
            if await request.is_disconnected():
                break
            await asyncio.sleep(0.1)
    finally:
        agent_task.cancel()
        try:
            # expect: CAN001
            await agent_task
        except asyncio.CancelledError:
            pass


async def stop(task):
    task.cancel()
    # expect: CAN001
    await asyncio.wait_for(task, timeout=None)


async def stop_all(tasks, first):
    first.cancel()
    # expect: CAN001
    await asyncio.wait({first})
