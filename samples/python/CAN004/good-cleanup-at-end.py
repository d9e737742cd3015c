import asyncio
from contextlib import asynccontextmanager


async def events(queue):
    # The except is the generator's last statement and only logs: the generator ends, nothing runs on.
    try:
        while True:
            item = await queue.get()
            yield f"data: {item}\n\n"
    except asyncio.CancelledError:
        print("client left")


@asynccontextmanager
async def lifespan(app):
    # An app's lifespan (not a stream): at shutdown there is no client to leave.
    poller = asyncio.create_task(app.poll())
    try:
        yield
    except asyncio.CancelledError:
        pass
    finally:
        poller.cancel()
