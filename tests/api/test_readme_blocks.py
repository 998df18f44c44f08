"""Every fenced block of the README is run by the suite or says why not.

The line before each block is a marker comment:
- `<!-- run: sh -->` / `<!-- run: python -->`: run here, as written, against one live server
  (gRPC and the REST bridge, SQLite, the demo model), in order; `127.0.0.1:50051` and
  `127.0.0.1:8080` become that server's addresses, `.venv/bin/` this venv, `/tmp/` a fresh
  temporary directory, and the CLI's data directory is a fresh one.
- `walkthrough:start`, `operations:start`: tests/api/test_grpcurl_walkthrough.py and
  test_readme_operations.py run them; `rotation:start`, `tls:start`, `egress:start`:
  tests/api/test_readme_security.py; `metrics:start`, `traces:start`:
  tests/observability/test_readme_observability.py; `limits-walkthrough:start`,
  `prices-walkthrough:start`: tests/api/test_grpcurl_limits.py; `client-example:python`: tests/clients/test_readme_clients.py;
  `client-install:*` and `client-example:node`: tests/clients/live_clients.py (CI).
- `<!-- no-run: reason -->`: not a command (a diagram) or one that cannot run here; the reason says which.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path

from support.harness import Database, free_port, running_server

README = Path(__file__).resolve().parents[2] / "README.md"
VENV_BIN = Path(sys.executable).parent
RUN_ELSEWHERE = {
    "walkthrough:start",
    "operations:start",
    "rotation:start",
    "tls:start",
    "egress:start",
    "metrics:start",
    "traces:start",
    "limits-walkthrough:start",
    "prices-walkthrough:start",
    "client-example:python",
    "client-example:node",
    "client-install:python",
    "client-install:node",
}
BLOCK = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.S | re.M)


def fenced_blocks() -> list[tuple[int, str, str, str]]:
    """(line, marker, language, code) for every fenced block; marker is "" when there is none."""
    text = README.read_text()
    out = []
    for m in BLOCK.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        marker = before[5:-4].strip() if before.startswith("<!-- ") and before.endswith(" -->") else ""
        out.append((line, marker, m.group(1), m.group(2)))
    return out


def test_every_block_is_run_or_says_why_not():
    blocks = fenced_blocks()
    assert len(blocks) >= 15
    bad = []
    for line, marker, lang, _ in blocks:
        if marker in ("run: sh", "run: python"):
            if marker.split()[-1] != lang:
                bad.append(f"README.md:{line}: marker {marker!r} on a {lang or 'plain'} block")
        elif not (marker in RUN_ELSEWHERE or (marker.startswith("no-run:") and len(marker) > len("no-run: ") + 10)):
            bad.append(f"README.md:{line}: {'unknown marker ' + repr(marker) if marker else 'no marker'}")
    assert not bad, "README blocks without a run/no-run marker (see this test's docstring):\n" + "\n".join(bad)


def adapt(code: str, grpc_address: str, http_address: str, tmp: Path) -> str:
    # /tmp/ first: the venv itself may live under /tmp (a CI clone), and its path must stay whole.
    return (
        code.replace("127.0.0.1:50051", grpc_address)
        .replace("127.0.0.1:8080", http_address)
        .replace("/tmp/", f"{tmp}/")
        .replace(".venv/bin/", f"{VENV_BIN}/")
    )


async def test_readme_blocks_run_as_written(tmp_path):
    runnable = [(line, marker, code) for line, marker, _, code in fenced_blocks() if marker.startswith("run: ")]
    assert len(runnable) >= 5
    http_address = f"127.0.0.1:{free_port()}"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {
        "PATH": f"{VENV_BIN}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LLMROUTER_DATA_DIR": str(tmp_path / "cli-data"),  # the CLI's own store (keys commands)
        "HF_HUB_OFFLINE": "1",
    }
    outputs: dict[int, str] = {}
    async with running_server(Database("sqlite", "", tmp_path / "data"), demo_model="auto", http=http_address) as srv:
        for line, marker, code in runnable:
            script = adapt(code, srv.address, http_address, scratch)
            if marker == "run: sh":
                argv = ["bash", "-euo", "pipefail", "-c", script]
            else:
                argv = [sys.executable, "-c", script]
            proc = await asyncio.create_subprocess_exec(
                *argv, cwd=scratch, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
            out, err = await asyncio.wait_for(proc.communicate(), 120)
            assert proc.returncode == 0, f"README.md:{line} ({marker}) failed:\n{script}\n{err.decode()[-3000:]}"
            outputs[line] = out.decode()
    text = "\n".join(outputs.values())
    # What a reader would check in the outputs: the update took, the keys were made and one revoked,
    # the local model streamed, and buf curl saw the demo model.
    updated = next(o for o in outputs.values() if '"api_key_set": true' in o and "providers/together" in o)
    assert "tg-example-key" not in updated
    keys = next(o for o in outputs.values() if "revoked " in o)
    assert "llmr_" in keys and "billing service" in keys
    assert '"tiny-demo"' in text and '"summary"' in text
    resolved = [json.loads(m) for m in re.findall(r"^\{.*?^\}", text, re.S | re.M) if '"targets"' in m]
    assert resolved and resolved[-1]["targets"][0]["provider"] == "providers/local"
