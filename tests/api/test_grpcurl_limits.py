"""The README's rate-limit and price commands, run as written against a live server with a real grpcurl."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import sys
from pathlib import Path

from support.harness import Database, running_server

ROOT = Path(__file__).resolve().parents[2]
GRPCURL = str(Path(sys.executable).parent / "grpcurl")


def commands(marker: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(rf"<!-- {marker}:start -->\s*```sh\n(.*?)```\s*<!-- {marker}:end -->", text, re.S)
    assert block, f"README lost its {marker} markers"
    return [line for line in block.group(1).splitlines() if line.strip()]


async def run_all(address: str, lines: list[str]) -> list[str]:
    outputs = []
    for line in lines:
        argv = shlex.split(line.replace("127.0.0.1:50051", address))
        assert argv[0] == "grpcurl"
        proc = await asyncio.create_subprocess_exec(
            GRPCURL, *argv[1:], stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, f"{line}\n{err.decode()}"
        outputs.append(out.decode())
    return outputs


async def test_readme_limit_commands_work_as_written(tmp_path):
    async with running_server(Database("sqlite", "", tmp_path / "data")) as srv:
        outputs = await run_all(srv.address, commands("limits-walkthrough"))
        snap = srv.server.components.live.get()
    created = json.loads(outputs[0])["limit"]
    assert created["name"] == "limits/billing" and created["subject"] == "clientKeys/0123abcd"
    assert json.loads(outputs[1])["limit"]["budget_period"] == "BUDGET_PERIOD_MONTH"
    updated = json.loads(outputs[2])["limit"]
    assert (updated["requests_per_minute"], updated["tokens_per_minute"]) == ("1200", "200000")
    assert [x["name"] for x in json.loads(outputs[3])["limits"]] == ["limits/billing", "limits/everyone-monthly"]
    # What the server enforces now: the updated limit, the deleted one gone.
    assert [(x.id, x.requests_per_minute) for x in snap.limits] == [("billing", 1200)]


async def test_readme_price_commands_work_as_written(tmp_path):
    async with running_server(Database("sqlite", "", tmp_path / "data")) as srv:
        outputs = await run_all(srv.address, commands("prices-walkthrough"))
        snap = srv.server.components.live.get()
    seeded = {p["name"] for p in json.loads(outputs[0])["prices"]}
    assert {"prices/openai-gpt-4o", "prices/anthropic-claude-sonnet-4-5", "prices/deepseek-chat"} <= seeded
    created = json.loads(outputs[1])["price"]
    assert created["name"] == "prices/groq-llama-8b" and created["effective_time"] == "2025-01-01T00:00:00Z"
    assert ("groq", "llama-3.1-8b-instant") in snap.prices_by_model
    assert json.loads(outputs[2]) == {}  # no calls yet: no totals
