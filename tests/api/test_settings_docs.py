"""Settings are documented from one source: every field of `Settings` carries help text
(`setting(default, help=...)`), and the README's table is exactly what
`llmrouter dev settings-table` prints from it. The failures name the settings to fix."""

from __future__ import annotations

import re
from pathlib import Path

from service.settings import documented, settings_table

README = Path(__file__).resolve().parents[2] / "README.md"
FIX = "fix: give each field `setting(default, help=...)` in service/settings.py, then paste the output of "
FIX += "`.venv/bin/llmrouter dev settings-table` between the settings-table markers of README.md"


def readme_rows() -> dict[str, str]:
    block = re.search(r"<!-- settings-table:start -->\n(.*?)<!-- settings-table:end -->", README.read_text(), re.S)
    assert block, "README lost its settings-table markers"
    rows: dict[str, str] = {}
    for line in block.group(1).splitlines():
        m = re.match(r"\| `(LLMROUTER_[A-Z0-9_]+)` \|", line)
        if m:
            rows[m.group(1)] = line
    return rows


def test_every_setting_has_help_text():
    missing = [d.env for d in documented() if not d.help.strip()]
    assert not missing, f"settings without help text: {', '.join(missing)}; {FIX}"


def test_readme_settings_table_is_the_generated_one():
    generated = {m.group(1): line for line in settings_table().splitlines() if (m := re.match(r"\| `(\S+)` \|", line))}
    written = readme_rows()
    problems = []
    if missing := [name for name in generated if name not in written]:
        problems.append(f"missing from the README: {', '.join(missing)}")
    if stale := [name for name in written if name not in generated]:
        problems.append(f"in the README but not a setting: {', '.join(stale)}")
    if changed := [name for name in generated if name in written and written[name] != generated[name]]:
        problems.append(f"README rows out of date: {', '.join(changed)}")
    assert not problems, "; ".join(problems) + f"; {FIX}"
    assert list(written) == list(generated), f"README rows in another order; {FIX}"
