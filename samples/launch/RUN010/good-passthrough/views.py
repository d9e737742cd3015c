import json
import time

from django.http import StreamingHttpResponse


def crawl_status(request, crawl_id):
    # The stream stays open for the whole crawl: under a sync worker it is cut after --timeout.
    def events():
        while True:
            yield f"data: {json.dumps(status(crawl_id))}\n\n"
            time.sleep(1)

    response = StreamingHttpResponse(events(), content_type="text/event-stream")
    response["X-Accel-Buffering"] = "no"
    return response
