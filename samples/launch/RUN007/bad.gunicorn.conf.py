# gunicorn settings; app/blocking.py (beside this file in the samples) blocks its event loop.
workers = 4
worker_class = "uvicorn_worker.UvicornWorker"
graceful_timeout = 10
# expect: RUN007
timeout = 30


async def unused_helper():
    import time
    time.sleep(1)  # a blocking call in async code: PY002 evidence
