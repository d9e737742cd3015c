import asyncio

from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


@app.get("/demo/stream-text")
async def stream_text():
    async def generate():
        for word in "tokens arrive one by one".split():
            yield word + " "
            await asyncio.sleep(0.05)

    return StreamingResponse(generate(), media_type="text/plain")


@app.get("/reports/export")
async def export():
    # Not judged: a text body whose path does not name a stream (a download, read whole).
    async def rows():
        for i in range(1000):
            yield f"{i}\n"
            await asyncio.sleep(0)

    return StreamingResponse(rows(), media_type="text/plain")
