import asyncio

# expect: CAN002
CANCEL_TIMEOUT = 5


class Settings:
    # expect: CAN002
    agent_cancel_timeout: float = 0.05


settings = Settings()


async def stop(agent_task):
    agent_task.cancel()
    try:
        await asyncio.wait_for(agent_task, timeout=CANCEL_TIMEOUT)
    except (asyncio.CancelledError, TimeoutError):
        pass


async def stop_fast(agent_task):
    agent_task.cancel()
    try:
        await asyncio.wait_for(agent_task, timeout=settings.agent_cancel_timeout)
    except (asyncio.CancelledError, TimeoutError):
        pass


async def stop_now(agent_task):
    agent_task.cancel()
    try:
        # expect: CAN002
        await asyncio.wait_for(agent_task, 0)
    except (asyncio.CancelledError, TimeoutError):
        pass
