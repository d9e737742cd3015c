import faulthandler
import signal
import sys

from fastapi import FastAPI

faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True, chain=True)

app = FastAPI()


async def events():
    yield ": ping\n\n"
