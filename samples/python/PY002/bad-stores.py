import psycopg2
import redis
from fastapi import FastAPI
from sentence_transformers import SentenceTransformer

app = FastAPI()
cache = redis.Redis(host="redis")


@app.post("/chat")
async def chat(session: str):
    # Each of these waits on the network or the disk with the event loop held: every open stream stalls meanwhile.
    # expect: PY002
    history = cache.get(session)
    # expect: PY002
    conn = psycopg2.connect("dbname=chat")
    # expect: PY002
    encoder = SentenceTransformer("all-MiniLM-L6-v2")
    return {"history": history, "db": conn.dsn, "dim": encoder.get_sentence_embedding_dimension()}
