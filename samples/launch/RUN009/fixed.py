from fastapi import FastAPI

app = FastAPI(title="agent", debug=False)
