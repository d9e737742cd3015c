#!/bin/sh
# expect: CAN003
export STREAM_CANCEL_TIMEOUT=10s
exec python -m agent
