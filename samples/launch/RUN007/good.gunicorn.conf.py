workers = 4
worker_class = "uvicorn_worker.UvicornWorker"
graceful_timeout = 10
timeout = 30


async def helper():
    import asyncio
    await asyncio.sleep(1)
