#!/bin/sh
# expect: RUN005
exec gunicorn app.main:app --worker-class=uvicorn_worker.UvicornWorker
