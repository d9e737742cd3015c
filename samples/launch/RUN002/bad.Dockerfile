FROM python:3.12-slim
ENV WEB_CONCURRENCY=4
# expect: RUN002
CMD uvicorn app.main:app --reload --timeout-graceful-shutdown 5
