"""The local MLX backend: one engine thread that owns all MLX work, and its adapter.

Importing this package preloads OpenBLAS (when `cmeel-openblas` is installed) before
anything imports `mlx.core`: import `service.backends.mlx` before `mlx` / `mlx_lm`.

    from service.backends.mlx import MlxEngine, MlxBackend
    engine = MlxEngine(settings); engine.start()
    backend = MlxBackend(provider_config, engine)
    ...
    await engine.astop()   # or engine.stop()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.backends.mlx.blas import active_blas, preload_openblas

preload_openblas()

if TYPE_CHECKING:  # pragma: no cover
    from service.backends.mlx.backend import MlxBackend
    from service.backends.mlx.engine import MlxEngine

__all__ = ["MlxBackend", "MlxEngine", "active_blas", "make_tiny_model"]


def __getattr__(name: str) -> object:  # lazy: mlx_lm costs about a second to import
    if name == "MlxEngine":
        from service.backends.mlx.engine import MlxEngine

        return MlxEngine
    if name == "MlxBackend":
        from service.backends.mlx.backend import MlxBackend

        return MlxBackend
    if name == "make_tiny_model":
        from service.backends.mlx.tiny_model import make_tiny_model

        return make_tiny_model
    raise AttributeError(name)
