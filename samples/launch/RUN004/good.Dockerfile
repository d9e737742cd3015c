FROM python:3.12-slim
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=8
CMD ["python", "-m", "uvicorn", "app.main:app", "--workers", "2"]
