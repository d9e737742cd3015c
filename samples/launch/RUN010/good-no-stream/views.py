from django.http import JsonResponse


def product(request, pk):
    # A JSON API: a sync worker per request is what gunicorn is built for.
    return JsonResponse({"id": pk})
