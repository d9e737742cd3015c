from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


def tokens(prompt):
    for word in prompt.split():
        yield f"data: {word}\n\n"


@app.post("/api/chat")
async def chat(prompt: str):
    # expect: PY001
    return StreamingResponse(tokens(prompt), media_type="text/event-stream")
