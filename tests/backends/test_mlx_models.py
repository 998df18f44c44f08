"""The model registry's pieces: the safetensors size estimate and what a source names."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.models import local_path, safetensors_estimate
from service.backends.mlx.tiny_model import make_tiny_model
from service.core.errors import NotFound, Reason
from service.settings import Settings


@pytest.mark.mlx
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
async def test_estimate_is_the_loaded_float32_size(tmp_path: Path, tiny_model_dir: str, dtype: str) -> None:
    source = tiny_model_dir if dtype == "float32" else str(make_tiny_model(tmp_path / dtype, seed=0, dtype=dtype))
    estimate = safetensors_estimate(Path(source))
    engine = MlxEngine(Settings(), warmup=False)
    engine.start()
    try:
        info = await engine.load(source)
    finally:
        await engine.astop()
    assert info.dtype == "float32"
    assert estimate == info.nbytes
    if dtype == "bfloat16":  # stored at half the size, estimated as float32
        assert (Path(source) / "model.safetensors").stat().st_size < estimate * 0.6


def test_estimate_sums_every_shard_and_counts_integers_as_stored(tmp_path: Path) -> None:
    def shard(name: str, tensors: dict[str, tuple[str, list[int]]]) -> None:
        header = {"__metadata__": {"format": "mlx"}}
        for key, (dtype, shape) in tensors.items():
            header[key] = {"dtype": dtype, "shape": shape, "data_offsets": [0, 0]}
        raw = json.dumps(header).encode()
        (tmp_path / name).write_bytes(struct.pack("<Q", len(raw)) + raw)

    shard("model-00001-of-00002.safetensors", {"a": ("F16", [10, 10]), "q": ("U32", [4, 8])})
    shard("model-00002-of-00002.safetensors", {"b": ("BF16", [5]), "m": ("U8", [3])})
    (tmp_path / "other.safetensors").write_bytes(b"not counted")
    assert safetensors_estimate(tmp_path) == 100 * 4 + 32 * 4 + 5 * 4 + 3 * 1


def test_estimate_refuses_an_implausible_header(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(struct.pack("<Q", 1 << 40) + b"{}")
    with pytest.raises(ValueError, match="implausible"):
        safetensors_estimate(tmp_path)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{dir}", "dir"),
        ("mlx-community/Llama-3.2-1B-Instruct-4bit", None),  # a hub id
        ("{dir}/missing", NotFound),
        ("./no/such/model", NotFound),
        ("../no-such-model", NotFound),
        ("~/no-such-model-here", NotFound),
    ],
)
def test_local_path(tmp_path: Path, source: str, expected: object) -> None:
    source = source.format(dir=tmp_path)
    if expected is NotFound:
        with pytest.raises(NotFound) as info:
            local_path(source)
        assert info.value.reason == Reason.MODEL_LOAD_FAILED and "does not exist" in info.value.message
        assert info.value.resource == ("model", source)
    elif expected == "dir":
        assert local_path(source) == tmp_path
    else:
        assert local_path(source) is None
