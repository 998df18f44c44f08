"""`LocalEngine`: what MlxBackend and the app need of a local engine.

Two implement it: `MlxEngine` (engine.py), the engine thread in this process, and
`RemoteEngine` (remote.py), the one engine process of `serve --workers N`, reached over a unix
socket. This module, like remote.py, imports no mlx: a worker whose models live in the engine
process never loads MLX.
"""

from __future__ import annotations

from typing import Any, Protocol

from service.backends.mlx.request import GenerationParams
from service.core.chat import Delta, Finish
from service.settings import Settings


class EngineStream(Protocol):
    """One generation: `get()` the next events until a Finish; `close()` always (cancels it)."""

    async def get(self) -> list[Delta | Finish]: ...

    def close(self) -> None: ...


class LocalEngine(Protocol):
    settings: Settings

    async def prepare(self, source: str, params: GenerationParams) -> GenerationParams: ...

    def submit(self, source: str, params: GenerationParams) -> EngineStream: ...

    async def load(self, source: str) -> Any: ...

    async def unload(self, source: str) -> bool: ...

    async def count_prompt_tokens(self, source: str, params: GenerationParams) -> int: ...

    def gauges(self) -> dict[str, float] | None: ...

    def stop(self, timeout: float = ...) -> None: ...
