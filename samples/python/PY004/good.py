import json


async def completions(stream):
    async for token in stream:
        chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}]}
        yield f"data: {json.dumps(chunk)}\n\n"
    yield "data: [DONE]\n\n"


async def agent_events(stream):
    # The status/delta/done protocol, on its own endpoint.
    yield f"data: {json.dumps({'type': 'status'})}\n\n"
    async for token in stream:
        yield f"data: {json.dumps({'type': 'delta', 'content': token})}\n\n"
    yield f"data: {json.dumps({'type': 'done'})}\n\n"
