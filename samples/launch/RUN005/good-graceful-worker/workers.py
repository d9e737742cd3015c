from uvicorn_worker import UvicornWorker


class GracefulUvicornWorker(UvicornWorker):
    # UvicornWorker does not pass gunicorn's graceful timeout on; this subclass gives uvicorn its own bound.
    CONFIG_KWARGS = {**UvicornWorker.CONFIG_KWARGS, "timeout_graceful_shutdown": 10}
