import json

from django.http import StreamingHttpResponse

from .llm import stream_answer


def chat(request):
    def events():
        for token in stream_answer(request.GET["q"]):
            yield f"data: {json.dumps({'token': token})}\n\n"

    # expect: APP001
    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
