"""The README's Metrics and Traces commands, run as written (ports swapped for free ones)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support.harness import free_port
from support.readme import README

ROOT = Path(__file__).resolve().parents[2]
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def block(name: str) -> str:
    import re

    found = re.search(rf"<!-- {name}:start -->\s*```sh\n(.*?)```\s*<!-- {name}:end -->", README.read_text(), re.S)
    assert found, f"README lost its {name} markers"
    return found.group(1)


def run(script: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    full = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # grpcurl ships in the venv
        LLMROUTER_DATA_DIR=str(tmp_path / "data"),
        **env,
    )
    for name in ("LLMROUTER_DATABASE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        full.pop(name, None)
    port = free_port()
    out = subprocess.run(
        ["bash", "-e", "-c", script.replace("127.0.0.1:50051", f"127.0.0.1:{port}")],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_readme_metrics_commands(tmp_path):
    metrics_port = free_port()
    script = block("metrics").replace("127.0.0.1:9464", f"127.0.0.1:{metrics_port}")
    out = run(script, tmp_path, LLMROUTER_DEMO_MODEL="false")
    line = next(x for x in out.stdout.splitlines() if x.startswith("llmrouter_grpc_server_calls_total"))
    assert 'method="/llmrouter.v1.ChatService/ListModels"' in line and 'code="OK"' in line
    assert line.endswith(" 1.0")


@pytest.mark.mlx
def test_readme_traces_commands(tmp_path):
    received: list[tuple[str, bytes]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append((self.path, self.rfile.read(int(self.headers.get("content-length") or 0))))
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    collector = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        script = block("traces").replace("127.0.0.1:4318", f"127.0.0.1:{collector.server_port}")
        out = run(script, tmp_path, LLMROUTER_DEMO_MODEL="true", HF_HUB_OFFLINE="1")
    finally:
        collector.shutdown()
    assert '"summary"' in out.stdout
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    spans = [
        span
        for path, body in received
        if path == "/v1/traces"
        for rs in ExportTraceServiceRequest.FromString(body).resource_spans
        for scope in rs.scope_spans
        for span in scope.spans
    ]
    assert sorted(s.name for s in spans) == ["chat tiny-demo", "chat tiny-demo"]
    assert {s.trace_id.hex() for s in spans} == {TRACE_ID}
