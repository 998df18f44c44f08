"""The contract: buf lint and format clean, generated stubs up to date."""

from __future__ import annotations

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


def test_generated_stubs_are_up_to_date():
    # --check generates every stub (Python and Node) into a scratch folder and compares.
    out = subprocess.run(["bash", "scripts/generate.sh", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, f"regenerate with scripts/generate.sh:\n{out.stdout}{out.stderr}"
