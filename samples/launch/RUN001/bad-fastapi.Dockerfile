FROM python:3.12-slim
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
# expect: RUN001
ENTRYPOINT ["fastapi", "dev", "app/main.py", "--host", "0.0.0.0"]
