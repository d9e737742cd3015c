#!/bin/sh
# expect: RUN002
exec uvicorn app.main:app --workers "${WORKERS:-4}" --reload --timeout-graceful-shutdown 5
