"""Code blocks of the README, found by the marker comment before each (`<!-- client-example:python -->`)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(marker: str) -> list[str]:
    """Every fenced block that directly follows `<!-- {marker} -->`, in order."""
    found = re.findall(rf"<!-- {re.escape(marker)} -->\s*```[a-z]*\n(.*?)```", README.read_text(), re.S)
    assert found, f"README lost its {marker} blocks"
    return found
