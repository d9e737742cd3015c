FROM python:3.12-slim
CMD uvicorn app.main:app --timeout-graceful-shutdown 5
