"""A real, tiny filesystem for a test: a tmpfs of a few MiB mounted on a temporary directory.

    with small_fs(tmp_path / "disk", size_mb=4) as fs:   # skips the test where mounting is not allowed
        fs.fill()            # writes a ballast file until the disk is full (ENOSPC for everyone)
        fs.free()            # removes it
        fs.immutable(True)   # chattr +i on its files and root: writes refused (root included)
        fs.immutable(False)

Mounting needs root (CAP_SYS_ADMIN); elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


class SmallFs:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.ballast = path / "ballast.bin"

    def fill(self) -> int:
        """Fills the filesystem to the last byte; returns the bytes written."""
        written = 0
        chunk = b"\0" * 65536
        with open(self.ballast, "ab", buffering=0) as f:
            for size in (65536, 4096, 512, 1):
                while True:
                    try:
                        f.write(chunk[:size])
                        written += size
                    except OSError as exc:
                        if exc.errno != errno.ENOSPC:
                            raise
                        break
        return written

    def free(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.ballast.unlink()

    def immutable(self, on: bool) -> None:
        """Makes every file on it, and its root directory, immutable (chattr +i: no writes,
        no new files, root included; descriptors opened for writing before keep writing)."""
        targets = [*(str(p) for p in self.path.iterdir() if p.is_file()), str(self.path)]
        subprocess.run(["chattr", "+i" if on else "-i", *targets], check=True, capture_output=True, timeout=30)


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@contextlib.contextmanager
def small_fs(path: Path, size_mb: int = 4) -> Iterator[SmallFs]:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny filesystem needs root")
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "tmpfs", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield SmallFs(path)
    finally:
        subprocess.run(["chattr", "-R", "-i", str(path)], capture_output=True, timeout=30)
        subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)
