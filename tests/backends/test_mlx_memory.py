"""The malloc-arena cap the local engine sets (glibc)."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from service.backends.mlx.memory import limit_malloc_arenas


def test_zero_leaves_glibc_alone():
    assert limit_malloc_arenas(0) is False


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_takes_the_cap():
    assert ctypes.util.find_library("c")
    assert limit_malloc_arenas(2) is True
