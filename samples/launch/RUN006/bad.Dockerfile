FROM python:3.12-slim
# expect: RUN006
CMD uvicorn app.main:app --limit-concurrency 100 --timeout-graceful-shutdown 5
