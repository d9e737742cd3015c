#!/bin/sh
alembic upgrade head
exec uvicorn app.main:app --host 0.0.0.0 --timeout-graceful-shutdown 10
