from fastapi import FastAPI
from sse_starlette.sse import EventSourceResponse

app = FastAPI()


async def events():
    async for e in app.state.agent.run():
        yield {"data": e}


@app.get("/agent/events")
async def agent_events():
    # A ping every two minutes: behind nginx's default 60 s read timeout, a quiet agent step is cut first.
    # expect: PY003
    return EventSourceResponse(events(), ping=120)
