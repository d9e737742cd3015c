import faulthandler
import signal
import sys

from fastapi import FastAPI

# expect: PY006
faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)

app = FastAPI()


async def events():
    yield ": ping\n\n"
