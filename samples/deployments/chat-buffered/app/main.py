import asyncio
import json
import logging
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from .agent import run_agent

log = logging.getLogger("server")
app = FastAPI(debug=True)

AGENT_CANCEL_TIMEOUT = 5.0


class StreamRegistry:
    """One open stream per session: a new request cancels the previous one."""

    def __init__(self):
        self.tasks: dict[str, asyncio.Task] = {}

    async def replace(self, session: str, task: asyncio.Task):
        previous = self.tasks.get(session)
        self.tasks[session] = task
        if previous is not None:
            previous.cancel()
            await previous


registry = StreamRegistry()


async def events(prompt: str, session: str, trace: str):
    queue: asyncio.Queue = asyncio.Queue()
    agent_task = asyncio.create_task(run_agent(prompt, queue))
    await registry.replace(session, agent_task)
    log.info("stream_start trace=%s session=%s", trace, session)
    try:
        yield f"data: {json.dumps({'type': 'status', 'status': 'thinking'})}\n\n"
        while (token := await queue.get()) is not None:
            yield f"data: {json.dumps({'type': 'delta', 'content': token})}\n\n"
        yield f"data: {json.dumps({'type': 'done'})}\n\n"
    except asyncio.CancelledError:
        log.info("stream_cancelled trace=%s reason=client_disconnect", trace)
        agent_task.cancel()
        await asyncio.wait_for(agent_task, timeout=AGENT_CANCEL_TIMEOUT)
        yield f"data: {json.dumps({'type': 'done', 'error': 'stream_cancelled'})}\n\n"


@app.post("/api/chat")
async def chat(request: Request):
    body = await request.json()
    trace = uuid.uuid4().hex[:8]
    return StreamingResponse(events(body.get("prompt", ""), body.get("session", trace), trace),
                             media_type="text/event-stream")
