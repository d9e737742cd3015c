FROM python:3.12-slim AS build
RUN pip install --prefix=/install fastapi uvicorn

FROM python:3.12-slim
COPY --from=build /install /usr/local
COPY app/ /srv/app/
WORKDIR /srv
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=10
# expect: RUN001
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--reload"]
