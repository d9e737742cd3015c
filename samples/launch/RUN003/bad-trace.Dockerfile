FROM python:3.12-slim
# expect: RUN003
CMD ["uvicorn", "app.main:app", "--log-level", "trace", "--timeout-graceful-shutdown", "5"]
