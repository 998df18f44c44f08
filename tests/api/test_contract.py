"""The contract: buf lint and format clean, generated stubs up to date."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUF = str(Path(sys.executable).parent / "buf")


def test_buf_lint_clean():
    out = subprocess.run([BUF, "lint"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_buf_format_clean():
    out = subprocess.run([BUF, "format", "-d", "--exit-code"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_generated_stubs_are_up_to_date(tmp_path):
    shutil.copytree(ROOT / "protos", tmp_path / "protos")
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "generate.sh", tmp_path / "scripts")
    (tmp_path / "clients/python/llmrouter/v1").mkdir(parents=True)
    out = subprocess.run(
        ["bash", "scripts/generate.sh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    fresh = tmp_path / "clients/python/llmrouter/v1"
    committed = ROOT / "clients/python/llmrouter/v1"
    names = sorted(p.name for p in fresh.iterdir() if "_pb2" in p.name)
    assert names == sorted(p.name for p in committed.iterdir() if "_pb2" in p.name)
    _, mismatch, errors = filecmp.cmpfiles(fresh, committed, names, shallow=False)
    assert not mismatch and not errors, f"regenerate with scripts/generate.sh: {mismatch or errors}"
