workers = 4
# expect: RUN005
worker_class = "uvicorn.workers.UvicornWorker"
