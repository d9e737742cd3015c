#!/bin/sh
set -e
export UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
alembic upgrade head
exec uvicorn app.main:app --host 0.0.0.0 "$@"
