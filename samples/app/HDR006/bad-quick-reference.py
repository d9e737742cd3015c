from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"
    yield 'data: {"type": "done"}\n\n'


@app.post("/api/chat")
async def chat():
    # expect: HDR006
    return StreamingResponse(events(), media_type="text/event-stream")


@app.post("/api/agent")
async def agent():
    # expect: HDR006
    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={
            "Cache-Control": "no-cache",
        },
    )
