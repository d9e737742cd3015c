from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from flask import Flask, current_app
from sse_starlette.sse import EventSourceResponse

app = FastAPI()
web = Flask(__name__)


class TokenStream(StreamingResponse):
    # A subclass that fixes its media type: every TokenStream(...) is an event stream.
    media_type = "text/event-stream"


class ChatStream(EventSourceResponse):
    pass


async def tokens():
    async for t in app.state.llm.stream():
        yield f"data: {t}\n\n"


@app.get("/v1/tokens")
async def token_stream():
    # expect: HDR006
    return TokenStream(tokens())


@app.post("/v1/chain")
async def chain(question: str):
    # A factory of a Starlette response class (lanarky-style), typed as an event stream.
    # expect: HDR006
    return StreamingResponse.from_chain(app.state.chain, question, media_type="text/event-stream")


def sync_tokens():
    for t in web.llm():
        yield f"data: {t}\n\n"


@web.route("/flask/stream")
def flask_stream():
    # expect: HDR006
    return current_app.response_class(sync_tokens(), mimetype="text/event-stream")


@app.get("/v1/chat")
async def chat():
    # sse-starlette sends X-Accel-Buffering itself: its subclass is known to, and stays quiet.
    return ChatStream(tokens())
