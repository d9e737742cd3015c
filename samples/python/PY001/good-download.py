from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


def read_file(path):
    with open(path, "rb") as f:
        while chunk := f.read(64 * 1024):
            yield chunk


@app.get("/speech/{name}")
async def speech(name: str):
    # A download read from disk in a worker thread: one more chunk after a disconnect is harmless.
    return StreamingResponse(read_file(f"/data/tts/{name}.mp3"), media_type="audio/mpeg")
