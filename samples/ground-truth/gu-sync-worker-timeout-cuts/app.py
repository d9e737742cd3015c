"""Flask: a Response streamed from a generator, text/event-stream."""
import time

from flask import Flask, Response, request

app = Flask(__name__)


@app.get("/sse")
def sse():
    n, interval = int(request.args.get("n", 15)), float(request.args.get("interval", 0.2))

    def events():
        for i in range(n):
            yield f'data: {{"i": {i}}}\n\n'
            time.sleep(interval)

    return Response(events(), mimetype="text/event-stream", headers={"Cache-Control": "no-cache"})
