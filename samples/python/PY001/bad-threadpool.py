from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

app = FastAPI()


def tokens(prompt):
    for chunk in app.state.sync_client.chat.completions.create(model="m", messages=prompt, stream=True):
        yield f"data: {chunk.choices[0].delta.content}\n\n"


@app.post("/chat")
async def chat(prompt: list):
    # Wrapping the sync generator in iterate_in_threadpool changes nothing: each next() still runs in a thread.
    # expect: PY001
    return StreamingResponse(iterate_in_threadpool(tokens(prompt)), media_type="text/event-stream")
