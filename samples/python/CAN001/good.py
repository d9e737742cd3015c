import asyncio
import logging

log = logging.getLogger(__name__)


async def run_agent(prompt):
    await asyncio.sleep(10)


async def stream(prompt, request, trace):
    agent_task = asyncio.create_task(run_agent(prompt))
    try:
        await agent_task
    finally:
        agent_task.cancel()
        try:
            await asyncio.wait_for(agent_task, timeout=0.5)
        except asyncio.CancelledError:
            pass
        except TimeoutError:
            log.warning("agent_task_timeout_on_cancel trace=%s", trace)
