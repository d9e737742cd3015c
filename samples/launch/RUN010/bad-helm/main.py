import time

from flask import Flask, Response

app = Flask(__name__)


@app.get("/api/incidents/stream")
def incidents():
    # Open for as long as the dashboard is: each one holds a gthread thread.
    def events():
        while True:
            yield "data: {}\n\n"
            time.sleep(5)

    return Response(events(), mimetype="text/event-stream", headers={"X-Accel-Buffering": "no"})
