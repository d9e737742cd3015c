#!/bin/sh
# expect: RUN003
exec uvicorn app.main:app --log-level=trace --timeout-graceful-shutdown 5
