from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def steps():
    async for step in app.state.agent.run():
        yield f"data: {step}\n\n"


@app.get("/agent")
async def agent():
    # The media type comes from the headers (Starlette lets it win over media_type): an event stream all the same.
    # expect: PY003
    return StreamingResponse(steps(), headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
