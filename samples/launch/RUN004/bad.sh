#!/bin/sh
alembic upgrade head
# expect: RUN004
exec uvicorn app.main:app --host 0.0.0.0
