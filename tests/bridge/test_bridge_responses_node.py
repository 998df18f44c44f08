"""The Node `openai` SDK (``responses.create``, ``responses.stream``, a function-tool loop
with ``previous_response_id``) against the bridge's Responses API, through the OpenAI-type
fake upstream. The SDK is installed with npm into a temporary folder (pinned version); the
test skips only when npm cannot reach the registry."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support.bridge_env import bridge_env
from support.fakes.openai_replies import openai_completion, openai_stream

OPENAI_NODE = "openai@7.59.0"
SCRIPT = Path(__file__).parent / "node_sdk" / "responses.mjs"


@pytest.fixture(scope="module")
def node_sdk(tmp_path_factory) -> Path:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not (npm and node):
        pytest.skip("node/npm are not installed")
    work = tmp_path_factory.mktemp("node-openai")
    (work / "package.json").write_text('{"name": "bridge-responses-check", "private": true, "type": "module"}')
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", OPENAI_NODE],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=240,
    )
    if done.returncode != 0:
        pytest.skip(f"npm could not install {OPENAI_NODE}: {done.stderr[-300:]}")
    shutil.copy(SCRIPT, work / "responses.mjs")
    return work


async def test_node_sdk_responses(tmp_path, node_sdk):
    async with bridge_env(tmp_path) as env:
        call = [
            {"id": "call_n", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}
        ]
        env.up.script(
            openai_completion("Hi, Node."),
            openai_stream(["Str", "eamed"]),
            openai_completion("", tool_calls=call, finish_reason="tool_calls"),
            openai_completion("3 degrees in Oslo."),
        )
        proc = await asyncio.create_subprocess_exec(
            "node",
            "responses.mjs",
            cwd=node_sdk,
            env={"BRIDGE_URL": env.url, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, stderr.decode()[-2000:]
        out = json.loads(stdout)
        assert out["created"]["status"] == "completed" and out["created"]["text"] == "Hi, Node."
        assert out["created"]["usage"]["input_tokens"] == 10
        assert out["streamed"]["deltas"] == "Streamed" and out["streamed"]["text"] == "Streamed"
        assert (
            out["streamed"]["kinds"][0] == "response.created" and out["streamed"]["kinds"][-1] == "response.completed"
        )
        assert out["tools"] == {"name": "get_weather", "args": {"city": "Oslo"}, "answer": "3 degrees in Oslo."}
        msgs = env.up.last.json()["messages"]
        assert msgs[0] == {"role": "user", "content": "Weather in Oslo?"}
        assert msgs[1]["tool_calls"] == call
        assert msgs[2] == {"role": "tool", "tool_call_id": "call_n", "content": '{"temp":3}'}
        assert env.up.requests[0].json()["messages"][0] == {"role": "system", "content": "Be kind."}
