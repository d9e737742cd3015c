worker_class = "uvicorn_worker.UvicornWorker"
workers = 2
graceful_timeout = 10
