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


def limit_malloc_arenas(n: int) -> bool:
    """At most `n` malloc arenas from now on (glibc on Linux; 0 keeps the default). True when set."""
    if n <= 0 or not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it: musl's mallopt does nothing
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, n))


_trim: Any = None  # glibc's malloc_trim, False where there is none (looked up once)


def trim_native_heap() -> bool:
    """Gives the C heap's free pages back to the system (glibc's malloc_trim); False elsewhere."""
    global _trim
    if _trim is None:
        _trim = False
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(None)
                libc.gnu_get_libc_version  # noqa: B018 - glibc only
                _trim = libc.malloc_trim
                _trim.argtypes = (ctypes.c_size_t,)
                _trim.restype = ctypes.c_int
            except (OSError, AttributeError):
                _trim = False
    if _trim is False:
        return False
    _trim(0)
    return True
