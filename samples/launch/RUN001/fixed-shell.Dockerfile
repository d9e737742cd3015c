FROM python:3.12-slim
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
# The shell form, through a wrapper, with a continuation (comment lines inside it are dropped by Docker).
CMD alembic upgrade head && exec uvicorn app.main:app \
    --host 0.0.0.0
