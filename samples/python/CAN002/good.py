import asyncio

CANCEL_TIMEOUT = 0.5


async def call_llm():
    await asyncio.sleep(1)


async def stop(agent_task):
    agent_task.cancel()
    try:
        await asyncio.wait_for(agent_task, timeout=CANCEL_TIMEOUT)
    except (asyncio.CancelledError, TimeoutError):
        pass


async def answer():
    # An ordinary timeout on work that was not cancelled is not a cancellation wait.
    return await asyncio.wait_for(call_llm(), timeout=30)
