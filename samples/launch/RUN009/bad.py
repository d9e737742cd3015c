from fastapi import FastAPI

# expect: RUN009
app = FastAPI(title="agent", debug=True)
