import uvicorn

if __name__ == "__main__":
    # expect: RUN006
    uvicorn.run("app.main:app", limit_concurrency=20, timeout_graceful_shutdown=5)
