#!/bin/sh
# expect: RUN006
UVICORN_LIMIT_CONCURRENCY=20 exec uvicorn app.main:app --timeout-graceful-shutdown 5
