from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def tokens():
    async for token in app.state.llm.stream():
        yield f"data: {token}\n\n"


# The Ingress below turns ingress-nginx's buffering on; sselint does not link Ingress backends to routes yet, so the
# missing header is context (info) that names the annotation.
@app.post("/v1/chat/completions")
async def chat():
    # expect: HDR006
    return StreamingResponse(tokens(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
