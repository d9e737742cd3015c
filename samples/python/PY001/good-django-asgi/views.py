from django.http import StreamingHttpResponse

from chat import stream_answer


def ask(request):
    response = StreamingHttpResponse(stream_answer(request.GET["q"]), content_type="text/event-stream")
    response["X-Accel-Buffering"] = "no"
    response["Cache-Control"] = "no-cache"
    return response
