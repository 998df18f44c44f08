"""The README's operations commands, run as written (a server started, awaited, stopped)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from support.harness import free_port

ROOT = Path(__file__).resolve().parents[2]


def operations_block() -> str:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- operations:start -->\s*```sh\n(.*?)```\s*<!-- operations:end -->", text, re.S)
    assert block, "README lost its operations markers"
    return block.group(1)


def test_readme_operations_commands_work_as_written(tmp_path):
    script = operations_block()
    assert "kill -TERM" in script and "Health/Check" in script
    port = free_port()
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # grpcurl ships in the venv
        LLMROUTER_DATA_DIR=str(tmp_path / "data"),
        LLMROUTER_DEMO_MODEL="false",
    )
    env.pop("LLMROUTER_DATABASE_URL", None)
    t0 = time.monotonic()
    out = subprocess.run(
        ["bash", "-e", "-c", script.replace("127.0.0.1:50051", f"127.0.0.1:{port}")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    took = time.monotonic() - t0
    assert out.returncode == 0, out.stderr[-3000:]  # `wait` returns the server's exit status
    assert '"status": "SERVING"' in out.stdout, out.stdout
    assert "llmrouter stopped" in out.stderr
    print(f"started, checked and stopped in {took:.1f} s")
