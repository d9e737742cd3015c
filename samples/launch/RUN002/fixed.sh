#!/bin/sh
exec uvicorn app.main:app --workers "${WORKERS:-4}" --timeout-graceful-shutdown 5
