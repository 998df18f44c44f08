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


_WORD_CACHE_PROBE = """
import ctypes, sys
import service.backends.mlx
from mlx_lm import load
from service.backends.mlx.models import TOKENIZER_CACHE_WORDS, LoadedModel, ModelInfo, bound_word_cache

class MallInfo(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo
model, tokenizer = load(sys.argv[1])
info = ModelInfo(sys.argv[1], 0, 0, "float32", None, True, False, 0.0, 0.0)
m = LoadedModel(sys.argv[1], model, tokenizer, 0, info)  # as the registry builds it

def held_after(first):  # live heap bytes after tokenizing 20,000 words it has never seen
    before = libc.mallinfo2().uordblks
    for i in range(first, first + 4000):
        m.tokenizer.encode(" ".join(f"lighthouse{i}keeper{c}" for c in "abcde"), add_special_tokens=False)
    return libc.mallinfo2().uordblks - before

bounded = held_after(0)
bound_word_cache(m.tokenizer, 10_000)  # tokenizers' own default
unbounded = held_after(100_000)
print(TOKENIZER_CACHE_WORDS, bounded, unbounded)
"""


@pytest.mark.mlx
@pytest.mark.skipif(not hasattr(__import__("ctypes").CDLL(None), "mallinfo2"), reason="glibc 2.33+ only")
def test_a_loaded_models_tokenizer_caches_a_bounded_number_of_words(tiny_model_dir: str) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _WORD_CACHE_PROBE, tiny_model_dir], capture_output=True, text=True, check=True
    )
    words, bounded, unbounded = (int(x) for x in out.stdout.split())
    assert words == 1_000
    # 20,000 new words: the bounded cache keeps what its first thousand take; tokenizers' default
    # (10,000 words) keeps about 1 MB more here, part of what a soak of unique prompts grew by.
    assert bounded < 500_000, bounded
    assert unbounded > bounded + 700_000, (bounded, unbounded)
