import asyncio
import json

from fastapi import FastAPI
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def agent_events(prompt: str):
    yield {"data": json.dumps({"type": "status", "status": "thinking"})}
    await asyncio.sleep(90)  # a tool call: sse-starlette's ping comments keep the connection alive meanwhile
    yield {"data": json.dumps({"type": "done"})}


@app.post("/api/chat")
async def chat(body: dict):
    return EventSourceResponse(agent_events(body.get("prompt", "")), ping=15)
