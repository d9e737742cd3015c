import json


async def completions(stream):
    async for token in stream:
        chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}], "error": None}
        yield f"data: {json.dumps(chunk)}\n\n"
    yield "data: [DONE]\n\n"
