import json


async def completions(tokens):
    try:
        async for token in tokens:
            chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}]}
            yield f"data: {json.dumps(chunk)}\n\n"
    except Exception as exc:
        # A real failure: the OpenAI SDK raises APIError on this event, which is what the client should see.
        yield f"data: {json.dumps({'error': {'message': str(exc), 'type': 'upstream_error'}})}\n\n"
        return
    yield "data: [DONE]\n\n"
