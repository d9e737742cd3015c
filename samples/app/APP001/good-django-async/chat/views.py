import json

from django.http import StreamingHttpResponse

from .llm import astream_answer


async def chat(request):
    # Under ASGI, Django 4.2+ compresses an async body chunk by chunk (one gzip member per event): nothing is held.
    async def events():
        async for token in astream_answer(request.GET["q"]):
            yield f"data: {json.dumps({'token': token})}\n\n"

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
