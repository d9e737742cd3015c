import json


# expect: PY004
async def completions(stream):
    async for token in stream:
        chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}]}
        yield f"data: {json.dumps(chunk)}\n\n"


async def chat(stream):
    async for token in stream:
        yield f"data: {json.dumps({'choices': [{'delta': {'content': token}}]})}\n\n"
    # expect: PY004
    yield f"data: {json.dumps({'type': 'done'})}\n\n"
