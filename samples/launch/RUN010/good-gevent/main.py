import time

from flask import Flask, Response

app = Flask(__name__)


@app.get("/api/incidents/stream")
def incidents():
    # Under gevent each open stream is a greenlet, not a worker.
    def events():
        while True:
            yield "data: {}\n\n"
            time.sleep(5)

    return Response(events(), mimetype="text/event-stream", headers={"X-Accel-Buffering": "no"})
