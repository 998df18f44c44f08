"""The model catalogue: every model name a caller can ask for, from one snapshot."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from service.core.config import ApiType, Snapshot


class ModelSource(enum.Enum):
    PROVIDER = "provider"  # listed by a cloud provider
    LOCAL = "local"  # a local MLX model
    ROUTE = "route"  # a route's pattern


@dataclass(frozen=True)
class ModelEntry:
    id: str
    display_name: str
    source: ModelSource
    provider: str  # provider id
    route: str = ""  # route id, for ROUTE entries
    is_pattern: bool = False


def catalog(snap: Snapshot) -> list[ModelEntry]:
    """Provider models (of usable providers), local models, then enabled route patterns,
    sorted by id (then source, provider, route) so pages are stable."""
    out: list[ModelEntry] = []
    for p in snap.providers.values():
        if not p.usable:
            continue
        source = ModelSource.LOCAL if p.api_type is ApiType.MLX else ModelSource.PROVIDER
        for m in p.models:
            out.append(ModelEntry(m.model_id, m.display_name or m.model_id, source, p.id))
    for r in snap.routes:
        if not r.enabled:
            continue
        out.append(
            ModelEntry(
                r.model_pattern, r.description or r.model_pattern, ModelSource.ROUTE, r.target.provider, r.id, r.is_glob
            )
        )
    out.sort(
        key=lambda m: (m.id, _SOURCE_ORDER[m.source], f"providers/{m.provider}", f"routes/{m.route}" if m.route else "")
    )
    return out


# The protobuf enum's numbering (PROVIDER = 1, LOCAL = 2, ROUTE = 3): pages keep the order they had.
_SOURCE_ORDER = {ModelSource.PROVIDER: 1, ModelSource.LOCAL: 2, ModelSource.ROUTE: 3}
