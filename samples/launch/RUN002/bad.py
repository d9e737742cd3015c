import uvicorn

if __name__ == "__main__":
    # expect: RUN002
    uvicorn.run("app.main:app", reload=True, workers=4, timeout_graceful_shutdown=5)
