"""The README's grpcurl walkthrough, run as written against a live server with a real grpcurl."""

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


def walkthrough() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- walkthrough:start -->\s*```sh\n(.*?)```\s*<!-- walkthrough:end -->", text, re.S)
    assert block, "README lost its walkthrough markers"
    return [line for line in block.group(1).splitlines() if line.strip()]


async def test_readme_walkthrough_works_as_written(tmp_path):
    commands = walkthrough()
    assert len(commands) >= 5
    async with running_server(Database("sqlite", "", tmp_path / "data"), demo_model="auto") as srv:
        outputs: list[str] = []
        env: dict[str, str] = {}  # what the README tells the reader to export from earlier answers
        for line in commands:
            argv = shlex.split(line.replace("127.0.0.1:50051", srv.address))
            for name, value in env.items():
                argv = [a.replace(f"${name}", value) for a in argv]
            assert argv[0] == "grpcurl"
            proc = await asyncio.create_subprocess_exec(
                GRPCURL, *argv[1:], stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
            out, err = await proc.communicate()
            assert proc.returncode == 0, f"{line}\n{err.decode()}"
            outputs.append(out.decode())
            if "ClientKeyService/CreateClientKey" in line:
                made = json.loads(outputs[-1])
                if "ADMIN_KEY" not in env:
                    env["ADMIN_KEY"] = made["secret"]
                else:
                    env["CALLER_KEY"], env["CALLER"] = made["secret"], made["client_key"]["name"]
    assert "llmrouter.v1.RoutingService" in outputs[0]
    created = json.loads(outputs[2])
    assert created["provider"]["name"] == "providers/groq-team" and created["provider"]["api_key_set"] is True
    assert "gsk_example_key_1234" not in "".join(outputs)
    resolved = json.loads(outputs[5])
    assert resolved["match_kind"] == "MATCH_KIND_ROUTE" and resolved["route"] == "routes/llama"
    assert resolved["targets"][0] == {"provider": "providers/groq-team", "model": "llama-3.1-70b"}
    assert {"name": "providers/together", "reason": "provider has no API key"} in resolved["skipped"]
    models = json.loads(outputs[6])["models"]
    assert {m["id"] for m in models} >= {"llama-3.1-8b-instant", "llama-*", "tiny-demo"}
    messages = [json.loads(m) for m in re.findall(r"^\{.*?^\}", outputs[7], re.S | re.M)]
    assert all("delta" in m for m in messages[:-1]) and "summary" in messages[-1]
    summary = messages[-1]["summary"]
    assert_demo_length(summary, 16)
    assert summary["served_by"]["provider"] == "providers/local"
    # Client keys and the caller policy.
    admin = json.loads(outputs[8])
    assert admin["client_key"]["scopes"] == ["admin"] and admin["secret"].startswith("llmr_")
    caller = json.loads(outputs[9])["client_key"]
    assert caller["default_model"] == "tiny-demo" and caller["allowed_models"] == ["tiny-*", "llama-*"]
    resolved = json.loads(outputs[10])
    assert resolved["model"] == "tiny-demo" and resolved["match_kind"] == "MATCH_KIND_LOCAL_MODEL"
    messages = [json.loads(m) for m in re.findall(r"^\{.*?^\}", outputs[11], re.S | re.M)]
    summary = messages[-1]["summary"]
    assert_demo_length(summary, 8)  # the caller's default max_tokens
    assert summary["served_by"]["model"] == "tiny-demo"
    assert json.loads(outputs[12])["client_key"]["disabled"] is True
    listed = json.loads(outputs[13])["client_keys"]
    assert [k["name"] for k in listed] == [admin["client_key"]["name"], caller["name"]]
    assert admin["secret"] not in outputs[13] and "secret" not in outputs[13]


def assert_demo_length(summary: dict, max_tokens: int) -> None:
    """The demo model samples from random weights: it may end early (its end token), never late.
    All of max_tokens is a LENGTH finish; fewer, a STOP."""
    n = summary["usage"]["completion_tokens"]
    assert 1 <= n <= max_tokens, summary
    assert summary["finish_reason"] == ("FINISH_REASON_LENGTH" if n == max_tokens else "FINISH_REASON_STOP"), summary
