import asyncio
import json
import logging
import os
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

from .agent import run_agent

log = logging.getLogger("server")
app = FastAPI()

AGENT_CANCEL_TIMEOUT = 0.5
HEARTBEAT_SECONDS = 15
SSE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
    "Pragma": "no-cache",
    "Expires": "0",
}


async def stop(task: asyncio.Task, trace: str):
    """Cancel the agent and wait for it, but never longer than 0.5 s."""
    task.cancel()
    try:
        await asyncio.wait_for(task, timeout=AGENT_CANCEL_TIMEOUT)
    except asyncio.CancelledError:
        pass
    except TimeoutError:
        log.warning("agent_task_timeout_on_cancel trace=%s", trace)


class StreamRegistry:
    """One open stream per session: a new request cancels the previous one."""

    def __init__(self):
        self.tasks: dict[str, tuple[asyncio.Task, str]] = {}

    async def replace(self, session: str, task: asyncio.Task, trace: str):
        previous = self.tasks.get(session)
        self.tasks[session] = (task, trace)
        if previous is not None:
            log.info("stream_cancelled trace=%s reason=registry_new_stream", previous[1])
            await stop(previous[0], previous[1])


registry = StreamRegistry()


async def events(prompt: str, session: str, trace: str):
    queue: asyncio.Queue = asyncio.Queue()
    agent_task = asyncio.create_task(run_agent(prompt, queue))
    await registry.replace(session, agent_task, trace)
    log.info("stream_start trace=%s session=%s", trace, session)
    try:
        yield f"data: {json.dumps({'type': 'status', 'status': 'thinking'})}\n\n"
        while True:
            try:
                token = await asyncio.wait_for(queue.get(), timeout=HEARTBEAT_SECONDS)
            except TimeoutError:
                yield ": ping\n\n"
                continue
            if token is None:
                break
            yield f"data: {json.dumps({'type': 'delta', 'content': token})}\n\n"
        yield f"data: {json.dumps({'type': 'done'})}\n\n"
    except asyncio.CancelledError:
        log.info("stream_cancelled trace=%s reason=client_disconnect", trace)
        await stop(agent_task, trace)
        raise
    finally:
        log.info("stream_end trace=%s", trace)


@app.post("/api/chat")
async def chat(request: Request):
    body = await request.json()
    trace = uuid.uuid4().hex[:8]
    return StreamingResponse(events(body.get("prompt", ""), body.get("session", trace), trace),
                             media_type="text/event-stream", headers=SSE_HEADERS)
