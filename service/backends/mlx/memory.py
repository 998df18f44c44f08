"""The process's malloc arenas, limited while a local engine runs (glibc only).

glibc gives each thread that allocates concurrently an arena of its own (up to 8 per core);
the engine thread, the tokenizer workers and gRPC's threads each freeing what another
allocated leave the arenas fragmented, and the server's RSS creeps up over thousands of
cancelled local streams (bench/bench_soak.py: +8.7% over 4,000 with glibc's default, +2.2%
with two arenas). `mlx_malloc_arena_max` (default 2; 0 keeps glibc's default) caps them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(n: int) -> bool:
    """Caps glibc's malloc arenas at `n` (n <= 0: leaves them). False where there is no glibc."""
    if n <= 0:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    ok = bool(mallopt(_M_ARENA_MAX, int(n)))
    if not ok:
        log.debug("mallopt(M_ARENA_MAX, %d) was refused", n)
    return ok
