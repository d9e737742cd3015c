FROM python:3.12-slim
ENV WEB_CONCURRENCY=4
CMD uvicorn app.main:app --timeout-graceful-shutdown 5
