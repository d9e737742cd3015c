import uvicorn
from fastapi import FastAPI

app = FastAPI()

if __name__ == "__main__":
    # expect: RUN008
    uvicorn.run(app, workers=4, timeout_graceful_shutdown=10)
