import asyncio
import time


def run_agent(prompt):
    time.sleep(5)
    return "answer"


async def agent(prompt):
    return await asyncio.to_thread(run_agent, prompt)


async def stream(prompt):
    agent_task = asyncio.create_task(agent(prompt))
    try:
        return await agent_task
    finally:
        agent_task.cancel()
        try:
            # expect: CAN005
            await asyncio.wait_for(agent_task, timeout=0.5)
        except (asyncio.CancelledError, TimeoutError):
            pass
