FROM python:3.12-slim
CMD ["python", "-m", "uvicorn", "app.main:app", "--workers", "2", "--timeout-graceful-shutdown", "10"]
