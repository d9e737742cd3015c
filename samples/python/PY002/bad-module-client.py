import openai
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()


@app.post("/api/chat")
async def chat(prompt: str):
    async def events():
        # The openai module's default client is synchronous: this call blocks the event loop.
        # expect: PY002
        stream = openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}], stream=True)
        for chunk in stream:
            yield f"data: {chunk.choices[0].delta.content}\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"})
