"""Requests that name no model, through both bridges: the default model serves (issue 13)."""

from __future__ import annotations

import json

from google.protobuf import field_mask_pb2
from support.bridge_env import bridge_env
from support.fakes.openai_replies import openai_completion, openai_stream

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p


async def test_no_model_through_both_bridges(tmp_path):
    async with bridge_env(tmp_path) as env:
        hi = [{"role": "user", "content": "Hi"}]
        async with env.http() as http:
            # No default anywhere yet: a clear answer naming the field, never a 500.
            resp = await http.post("/v1/chat/completions", json={"messages": hi})
            assert resp.status_code == 400, resp.text
            assert "model" in resp.text
            await env.srv.providers.UpdateProviderModel(
                pa.UpdateProviderModelRequest(
                    provider_model=p.ProviderModel(name="providers/fake/models/gpt-test", is_default=True),
                    update_mask=field_mask_pb2.FieldMask(paths=["is_default"]),
                )
            )
            env.up.script(openai_completion("unary"))
            resp = await http.post("/v1/chat/completions", json={"messages": hi})
            assert resp.status_code == 200, resp.text
            assert resp.json()["model"] == "gpt-test" and resp.json()["choices"][0]["message"]["content"] == "unary"
            assert env.up.last.json()["model"] == "gpt-test"

            env.up.script(openai_stream(["str", "eam"]))
            resp = await http.post("/v1/chat/completions", json={"messages": hi, "stream": True})
            chunks = [json.loads(line[6:]) for line in resp.text.splitlines() if line.startswith("data: {")]
            assert resp.status_code == 200 and {c["model"] for c in chunks} == {"gpt-test"}

            env.up.script(openai_completion("from anthropic"))
            resp = await http.post("/v1/messages", json={"max_tokens": 10, "messages": hi})
            assert resp.status_code == 200, resp.text
            assert resp.json()["model"] == "gpt-test" and resp.json()["content"][0]["text"] == "from anthropic"
