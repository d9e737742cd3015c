# The earlier stage reloads (a dev target); only the final stage runs in production.
FROM python:3.12-slim AS dev
CMD ["uvicorn", "app.main:app", "--reload"]

FROM python:3.12-slim
CMD ["uvicorn", "app.main:app", "--workers", "4", "--timeout-graceful-shutdown", "10"]
