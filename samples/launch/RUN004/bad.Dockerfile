FROM python:3.12-slim
# expect: RUN004
CMD ["python", "-m", "uvicorn", "app.main:app", "--workers", "2"]
