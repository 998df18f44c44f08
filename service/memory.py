"""Process memory: how many malloc arenas glibc may keep, and giving free heap pages back.

glibc gives each thread that contends for the heap an arena of its own, up to 8 per core, and
a freed block goes back to the arena it came from: a process whose threads take turns
allocating (the MLX engine thread, the tokenizer workers, the default executor, gRPC's
threads) keeps several partly-used heaps that it rarely returns. Over thousands of cancelled
local streams that showed as RSS growing about 9% after warm-up (`bench/bench_soak.py`); with at
most two arenas it stayed within about 2%. `limit_malloc_arenas` sets `mallopt(M_ARENA_MAX)`
at start-up, before the server's threads exist. An explicit `MALLOC_ARENA_MAX` in the
environment (read by glibc itself) wins; other C libraries are left alone.

`trim_native_heap` is glibc's `malloc_trim(0)`: the free pages of every arena go back to the
system. The MLX engine calls it once it has been idle a moment (with MLX's own buffer cache).
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

__all__ = ["limit_malloc_arenas", "trim_native_heap"]

M_ARENA_MAX = -8  # glibc's malloc.h


_libc: Any = None  # glibc, or False where the C library is another one (looked up once)


def _glibc() -> Any:
    """glibc (ctypes), or None: other C libraries (musl's mallopt does nothing) and other systems."""
    global _libc
    if _libc is None:
        _libc = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(None)
                libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
                libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
                libc.mallopt.restype = ctypes.c_int
                libc.malloc_trim.argtypes = (ctypes.c_size_t,)
                libc.malloc_trim.restype = ctypes.c_int
                _libc = libc
            except (OSError, AttributeError):
                pass
    return _libc or None


def limit_malloc_arenas(n: int) -> bool:
    """At most `n` malloc arenas from now on (glibc on Linux; 0 keeps the default). True when set."""
    libc = _glibc()
    if n <= 0 or libc is None or "MALLOC_ARENA_MAX" in os.environ:
        return False
    return bool(libc.mallopt(M_ARENA_MAX, n))


def trim_native_heap() -> bool:
    """Gives the C heap's free pages back to the system (glibc's malloc_trim); False elsewhere."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
