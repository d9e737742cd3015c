import asyncio
import json

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def agent_events(prompt: str):
    yield "data: " + json.dumps({"type": "status", "status": "thinking"}) + "\n\n"
    await asyncio.sleep(90)  # a tool call: no bytes for a minute and a half
    yield "data: " + json.dumps({"type": "done"}) + "\n\n"


@app.post("/api/chat")
async def chat(body: dict):
    return StreamingResponse(agent_events(body.get("prompt", "")), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})
