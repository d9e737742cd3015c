#!/bin/sh
# UVICORN_RELOAD is false: no reloader.
export UVICORN_RELOAD=false UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
exec uvicorn app.main:app --workers 2
