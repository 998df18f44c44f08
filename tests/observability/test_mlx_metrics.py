"""The local engine's gauges and token counter, read on scrape after a real generation."""

from __future__ import annotations

import httpx
import pytest
from support.cloud_setup import collect, stream_request, user
from support.harness import Database, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

pytestmark = pytest.mark.mlx


async def test_engine_metrics_on_scrape(tmp_path, tiny_model_dir):
    from prometheus_client.parser import text_string_to_metric_families

    db = Database("sqlite", "", tmp_path / "data")
    async with running_server(db, metrics_listen="127.0.0.1:0") as srv:
        url = f"http://127.0.0.1:{srv.server.metrics_port}/metrics"
        async with httpx.AsyncClient(timeout=10) as http:
            before = {f.name for f in text_string_to_metric_families((await http.get(url)).text)}
            assert "llmrouter_mlx_batch_size" not in before  # no engine started yet
            await srv.providers.CreateProviderModel(
                pa.CreateProviderModelRequest(
                    parent="providers/local", provider_model=p.ProviderModel(model_id="tiny", source=tiny_model_dir)
                )
            )
            gen = chat_pb2.GenerationConfig(max_tokens=8, temperature=0)
            _, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("tiny", user("Hi"), generation=gen)))
            text = (await http.get(url)).text
    samples = {s.name: s for f in text_string_to_metric_families(text) for s in f.samples}
    assert samples["llmrouter_mlx_generated_tokens_total"].value >= summary.usage.completion_tokens > 0
    assert samples["llmrouter_mlx_loaded_models"].value == 1
    assert samples["llmrouter_mlx_batch_size"].value == 0  # nothing in flight now
    assert samples["llmrouter_mlx_queue_depth"].value == 0
    ttft = [
        s
        for f in text_string_to_metric_families(text)
        for s in f.samples
        if s.name == "gen_ai_server_time_to_first_token_seconds_count"
    ]
    assert [(s.labels["provider"], s.labels["model"], s.value) for s in ttft] == [("local", "tiny", 1.0)]
