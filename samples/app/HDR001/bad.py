from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def events():
    yield ": ping\n\n"
    yield 'data: {"type": "status"}\n\n'


@app.post("/api/chat")
async def chat():
    # expect: HDR001
    return StreamingResponse(events(), headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@app.post("/api/chat/plain")
async def chat_plain():
    # expect: HDR001
    return StreamingResponse(events(), media_type="text/plain")
