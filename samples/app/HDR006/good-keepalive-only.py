import time

from django.http import StreamingHttpResponse


def mcp_get_stream(request):
    # The server never pushes on this stream; it only keeps the session alive. A proxy buffer has no event to delay.
    def keepalive():
        while True:
            yield ": keepalive\n\n"
            time.sleep(15)

    response = StreamingHttpResponse(keepalive(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
