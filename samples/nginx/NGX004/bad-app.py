from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def tokens():
    async for t in app.state.llm.stream():
        yield f"data: {t}\n\n"


@app.post("/api/chat")
async def chat():
    # nginx knows only yes and no: "off" is ignored, and the location's buffering stays on.
    # expect: NGX004
    headers = {"X-Accel-Buffering": "off", "Cache-Control": "no-cache"}
    return StreamingResponse(tokens(), media_type="text/event-stream", headers=headers)
