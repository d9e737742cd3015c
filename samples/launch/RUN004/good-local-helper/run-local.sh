#!/usr/bin/env bash
# A developer's launcher: no Dockerfile, compose file or unit runs it, and the Dockerfile ships the same app, so
# it is not what deploys (nobody rolls this process). Its missing bound is not reported.
set -euo pipefail
eval "$(conda shell.bash hook)"
conda activate chat
nohup python -m uvicorn app.main:app --host 127.0.0.1 --port "${1:-8000}" > /dev/null 2>&1 &
echo "started $!"
