"""Django 5.2 under gunicorn gthread: GZipMiddleware, and the SSE response says Cache-Control: no-transform."""
import time

from django.conf import settings

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="ground-truth", MIDDLEWARE=["django.middleware.gzip.GZipMiddleware"])

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import StreamingHttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def sse(request):
    n, interval = int(request.GET.get("n", 15)), float(request.GET.get("interval", 0.2))

    def events():
        for i in range(n):
            yield f'data: {{"i": {i}}}\n\n'
            time.sleep(interval)

    return StreamingHttpResponse(events(), content_type="text/event-stream", headers={"Cache-Control": "no-cache, no-transform"})


urlpatterns = [path("sse", sse)]
application = get_wsgi_application()
