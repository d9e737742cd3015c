FROM python:3.12-slim
CMD ["uvicorn", "app.main:app", "--log-level", "debug", "--timeout-graceful-shutdown", "5"]
