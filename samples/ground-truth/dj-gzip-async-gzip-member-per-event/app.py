"""Django 5.2 in one file under uvicorn (ASGI): GZipMiddleware, a StreamingHttpResponse of text/event-stream fed by
an async iterator (the middleware compresses each chunk on its own)."""
import asyncio

from django.conf import settings

settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="ground-truth", MIDDLEWARE=["django.middleware.gzip.GZipMiddleware"])

from django.core.asgi import get_asgi_application  # noqa: E402
from django.http import StreamingHttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


async def sse(request):
    n, interval = int(request.GET.get("n", 15)), float(request.GET.get("interval", 0.2))

    async def events():
        for i in range(n):
            yield f'data: {{"i": {i}}}\n\n'
            await asyncio.sleep(interval)

    return StreamingHttpResponse(events(), content_type="text/event-stream", headers={"Cache-Control": "no-cache"})


urlpatterns = [path("sse", sse)]
application = get_asgi_application()
