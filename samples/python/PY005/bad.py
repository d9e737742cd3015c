import asyncio
import json


async def completions(stream):
    try:
        async for token in stream:
            chunk = {"object": "chat.completion.chunk", "choices": [{"delta": {"content": token}}]}
            yield f"data: {json.dumps(chunk)}\n\n"
    except asyncio.CancelledError:
        # expect: PY005
        yield f"data: {json.dumps({'type': 'done', 'error': 'stream_cancelled'})}\n\n"
        raise
    yield "data: [DONE]\n\n"
