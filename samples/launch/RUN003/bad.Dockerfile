FROM python:3.12-slim
# expect: RUN003
CMD ["uvicorn", "app.main:app", "--debug", "--timeout-graceful-shutdown", "5"]
