#!/usr/bin/env bash
# Regenerates every stub from protos/ (the one command; CI checks it changes nothing).
#   Python: clients/python/llmrouter/v1/*_pb2.py, *_pb2.pyi, *_pb2_grpc.py
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
out=clients/python
rm -f "$out"/llmrouter/v1/*_pb2*.py "$out"/llmrouter/v1/*_pb2*.pyi
"$PY" -m grpc_tools.protoc -Iprotos \
  --python_out="$out" --pyi_out="$out" --grpc_python_out="$out" \
  protos/llmrouter/v1/*.proto
