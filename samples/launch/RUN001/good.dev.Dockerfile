# A development image (matches the development glob *.dev.Dockerfile): --reload is expected here.
FROM python:3.12-slim
CMD ["uvicorn", "app.main:app", "--reload", "--timeout-graceful-shutdown", "2"]
