from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def tokens():
    async for token in app.state.llm.stream():
        yield f"data: {token}\n\n"


# Served through the Ingress below: the community ingress-nginx controller streams by default (proxy-buffering off),
# and other controllers do not read X-Accel-Buffering.
@app.post("/v1/chat/completions")
async def chat():
    return StreamingResponse(tokens(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
