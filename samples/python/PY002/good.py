import asyncio
import time

import httpx
from openai import AsyncOpenAI

client = AsyncOpenAI()


async def events(prompt):
    await asyncio.sleep(1)
    async with httpx.AsyncClient() as http:
        await http.post("http://agent/run", json={"prompt": prompt})
    stream = await client.chat.completions.create(model="gpt-4o", messages=[], stream=True)
    async for chunk in stream:
        yield f"data: {chunk}\n\n"


def sync_helper():
    # Blocking is fine outside the event loop.
    time.sleep(1)
