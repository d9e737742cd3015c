import asyncio

import redis.asyncio as redis
from fastapi import FastAPI
from sentence_transformers import SentenceTransformer

app = FastAPI()
cache = redis.Redis(host="redis")
# Loaded once at import, not per request.
encoder = SentenceTransformer("all-MiniLM-L6-v2")


@app.post("/chat")
async def chat(session: str, text: str):
    history = await cache.get(session)
    vector = await asyncio.to_thread(encoder.encode, text)
    return {"history": history, "dim": len(vector)}
