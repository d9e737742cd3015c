import os
from fastapi import FastAPI

app = FastAPI(title="agent", debug=os.environ.get("DEBUG") == "1")
