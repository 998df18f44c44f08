"""service.memory: the malloc arena cap `llmrouter serve` sets at start-up, and the heap trim the
idle MLX engine calls (glibc on Linux; elsewhere both say they did nothing)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from service.memory import limit_malloc_arenas, trim_native_heap

glibc = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc only"
)


@glibc
def test_the_arena_cap_is_set_unless_the_environment_sets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas(0) is False  # 0: glibc's default, nothing set
    # In a fresh process (this one's arenas already exist), as `serve` does it.
    code = "from service.memory import limit_malloc_arenas; print(limit_malloc_arenas(2))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # the operator's own choice wins
    assert limit_malloc_arenas(2) is False


@glibc
def test_the_heap_trim_runs() -> None:
    assert trim_native_heap() is True
    assert trim_native_heap() is True  # looked up once, then reused
