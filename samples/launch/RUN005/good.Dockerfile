FROM python:3.12-slim
CMD ["gunicorn", "app.main:app", "-w", "4"]
