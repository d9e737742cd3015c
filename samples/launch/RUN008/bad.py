import uvicorn
from fastapi import FastAPI

app = FastAPI()

if __name__ == "__main__":
    # expect: RUN008
    uvicorn.run("main:app", host="0.0.0.0", reload=True, timeout_graceful_shutdown=10)
