FROM python:3.12-slim
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
ENTRYPOINT ["fastapi", "run", "app/main.py", "--host", "0.0.0.0"]
