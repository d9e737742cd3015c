from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


async def relay(request):
    async for part in app.state.pipeline.run(request):
        yield f"data: {part}\n\n"


async def handle(request: dict):
    # expect: HDR006
    return StreamingResponse(relay(request), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def serve(endpoint: str):
    # The path comes from configuration: no nginx location can be matched to it, but the config below has a
    # location set up for streaming, most likely this one, so the missing header is context (info).
    app.router.add_api_route(endpoint, handle, methods=["POST"])
