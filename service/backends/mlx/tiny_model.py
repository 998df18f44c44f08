"""A tiny llama-architecture model with random weights, built offline in about a second.

`make_tiny_model(out_dir, seed=0)` writes a directory that `mlx_lm.load` (and so the
engine) reads like any converted checkpoint:

- `config.json`: `model_type: llama`, untied embeddings, `eos_token_id` = `<|im_end|>`.
- `model.safetensors`: seeded random weights (numpy's PCG64, so identical on every
  platform), written by a small writer here with sorted keys: same seed, same bytes.
- `tokenizer.json`: a byte-level BPE trained with `tokenizers` on the fixed text
  `service/data/tiny_corpus.txt`, plus the ChatML tokens and `<tool_call>` markers.
- `tokenizer_config.json`: `PreTrainedTokenizerFast`, eos `<|im_end|>` and a ChatML chat
  template (Qwen/Hermes style) that renders `tools` and tool calls, so mlx-lm infers
  its `json_tools` parser.

The output is noise: the point is real tokenization, templating, batching and timing.
The EOS row of `lm_head` is zero by default, so greedy decoding never ends early and runs
are fixed-length (benchmarks, LENGTH tests); sampling can still pick it.

No mlx import here: the files are written with numpy and json only.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from tokenizers import Tokenizer

CORPUS = Path(__file__).resolve().parents[2] / "data" / "tiny_corpus.txt"

SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
TOOL_TOKENS = ("<tool_call>", "</tool_call>")
EOS_TOKEN = "<|im_end|>"
PAD_TOKEN = "<|endoftext|>"
VOCAB_SIZE = 512

# name: (hidden, layers, intermediate, heads, kv_heads). Parameter counts with the
# 512-token vocabulary: tiny ~0.5M, small ~3M, medium ~24M, large ~43M.
SIZES: dict[str, tuple[int, int, int, int, int]] = {
    "tiny": (128, 2, 352, 4, 2),
    "small": (256, 4, 704, 8, 4),
    "medium": (512, 8, 1408, 8, 4),
    "large": (768, 6, 2304, 12, 4),
}

CHAT_TEMPLATE = (
    "{%- if tools %}"
    "{{- '<|im_start|>system\\n' }}"
    "{%- if messages[0].role == 'system' %}{{- messages[0].content + '\\n\\n' }}{%- endif %}"
    "{{- '# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\n"
    "You are provided with function signatures within <tools></tools> XML tags:\\n<tools>' }}"
    "{%- for tool in tools %}{{- '\\n' }}{{- tool | tojson }}{%- endfor %}"
    "{{- '\\n</tools>\\n\\nFor each function call, return a json object with function name and "
    "arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n"
    '{"name": <function-name>, "arguments": <args-json-object>}\\n</tool_call><|im_end|>\\n\' }}'
    "{%- elif messages and messages[0].role == 'system' %}"
    "{{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if message.role == 'system' and loop.first %}"
    "{%- elif message.role == 'user' or message.role == 'system' "
    "or (message.role == 'assistant' and not message.tool_calls) %}"
    "{{- '<|im_start|>' + message.role + '\\n' + (message.content or '') + '<|im_end|>\\n' }}"
    "{%- elif message.role == 'assistant' %}"
    "{{- '<|im_start|>assistant' }}"
    "{%- if message.content %}{{- '\\n' + message.content }}{%- endif %}"
    "{%- for tool_call in message.tool_calls %}"
    "{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}"
    '{{- \'\\n<tool_call>\\n{"name": "\' + tool_call.name + \'", "arguments": \' }}'
    "{%- if tool_call.arguments is string %}{{- tool_call.arguments }}"
    "{%- else %}{{- tool_call.arguments | tojson }}{%- endif %}"
    "{{- '}\\n</tool_call>' }}"
    "{%- endfor %}"
    "{{- '<|im_end|>\\n' }}"
    "{%- elif message.role == 'tool' %}"
    "{%- if loop.first or messages[loop.index0 - 1].role != 'tool' %}{{- '<|im_start|>user' }}{%- endif %}"
    "{{- '\\n<tool_response>\\n' + (message.content or '') + '\\n</tool_response>' }}"
    "{%- if loop.last or messages[loop.index0 + 1].role != 'tool' %}{{- '<|im_end|>\\n' }}{%- endif %}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


THINK_TOKENS = ("<think>", "</think>")
IMAGE_TOKEN = "<image>"

# The thinking variant's answer opens a think block, as Qwen3 and DeepSeek-R1 templates do;
# `enable_thinking=false` closes it at once (Qwen3's way of turning thinking off).
_PLAIN_PROMPT = "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
_THINKING_PROMPT = (
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}"
    "{%- else %}{{- '<think>\\n' }}{%- endif %}{%- endif %}"
)
# The vision variant renders list content (mlx-vlm's message format): an image part as the
# image token on its own line, text parts as they are.
_PLAIN_CONTENT = "(message.content or '')"
_VISION_CONTENT = "(message.content if message.content is string else (message.content | map(attribute='text', default='<image>\\n') | join('')))"


def chat_template(*, thinking: bool = False, vision: bool = False) -> str:
    """The ChatML template, with a think block opened for the answer and/or image parts."""
    t = CHAT_TEMPLATE
    if thinking:
        t = t.replace(_PLAIN_PROMPT, _THINKING_PROMPT)
    if vision:
        t = t.replace(_PLAIN_CONTENT, _VISION_CONTENT, 1)
    return t


def _train_tokenizer(corpus: str, added_tokens: tuple[str, ...] = TOOL_TOKENS) -> Tokenizer:
    from tokenizers import (
        AddedToken,
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        trainers,
    )

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE - len(added_tokens),
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([corpus], trainer)
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in added_tokens])
    return tok


def _to_bf16_bits(a: np.ndarray) -> np.ndarray:
    bits = a.astype(np.float32).view(np.uint32)
    rounded = bits + 0x7FFF + ((bits >> 16) & 1)  # round to nearest even
    return (rounded >> 16).astype(np.uint16)


def _write_safetensors(path: Path, tensors: dict[str, np.ndarray], dtype: str) -> None:
    """A minimal, deterministic safetensors writer (sorted keys, 8-byte aligned header)."""
    code = {"float32": "F32", "float16": "F16", "bfloat16": "BF16"}[dtype]
    header: dict[str, object] = {"__metadata__": {"format": "mlx"}}
    blobs: list[bytes] = []
    offset = 0
    for name in sorted(tensors):
        arr = tensors[name]
        if dtype == "float32":
            raw = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        elif dtype == "float16":
            raw = np.ascontiguousarray(arr, dtype="<f2").tobytes()
        else:
            raw = np.ascontiguousarray(_to_bf16_bits(arr), dtype="<u2").tobytes()
        header[name] = {
            "dtype": code,
            "shape": list(arr.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for raw in blobs:
            f.write(raw)


def make_tiny_model(
    out_dir: str | os.PathLike[str],
    seed: int = 0,
    *,
    size: str = "tiny",
    dtype: str = "float32",
    eos_never_greedy: bool = True,
    max_position_embeddings: int = 4096,
    thinking: bool = False,
    vision: bool = False,
) -> Path:
    """Writes the tiny model into `out_dir` (created if needed) and returns its path.

    size: one of SIZES ("tiny" ~0.5M params for tests, "medium" ~24M / "large" ~43M for
    benchmarks). dtype: how the weights are stored ("float32", "float16", "bfloat16");
    the engine converts them to float32 on CPU at load. Same arguments, same bytes.
    thinking: the chat template opens a `<think>` block for the answer (both tags are
    tokens, so mlx-lm sees a thinking model). vision: a LLaVA model instead (a CLIP vision
    tower and this llama as its language model) that mlx-vlm serves: see `tiny_vision`.
    """
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    if dtype not in ("float32", "float16", "bfloat16"):
        raise ValueError(f"unknown dtype {dtype!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    added_tokens = (*TOOL_TOKENS, *(THINK_TOKENS if thinking else ()), *((IMAGE_TOKEN,) if vision else ()))
    tok = _train_tokenizer(CORPUS.read_text(encoding="utf-8"), added_tokens)
    vocab = tok.get_vocab_size(with_added_tokens=True)
    eos_id = tok.token_to_id(EOS_TOKEN)
    (out / "tokenizer.json").write_text(tok.to_str(pretty=True), encoding="utf-8")

    added = {}
    for t in (*SPECIAL_TOKENS, *added_tokens):
        added[str(tok.token_to_id(t))] = {
            "content": t,
            "lstrip": False,
            "normalized": False,
            "rstrip": False,
            "single_word": False,
            "special": t in SPECIAL_TOKENS,
        }
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "added_tokens_decoder": added,
        "bos_token": None,
        "eos_token": EOS_TOKEN,
        "pad_token": PAD_TOKEN,
        "unk_token": None,
        "clean_up_tokenization_spaces": False,
        "model_max_length": max_position_embeddings,
        "chat_template": chat_template(thinking=thinking, vision=vision),
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2, sort_keys=True) + "\n")
    (out / "special_tokens_map.json").write_text(
        json.dumps({"eos_token": EOS_TOKEN, "pad_token": PAD_TOKEN}, indent=2, sort_keys=True) + "\n"
    )

    hidden, layers, inter, heads, kv_heads = SIZES[size]
    head_dim = hidden // heads
    config = {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "hidden_size": hidden,
        "num_hidden_layers": layers,
        "intermediate_size": inter,
        "num_attention_heads": heads,
        "num_key_value_heads": kv_heads,
        "head_dim": head_dim,
        "rms_norm_eps": 1e-5,
        "vocab_size": vocab,
        "max_position_embeddings": max_position_embeddings,
        "rope_theta": 10000.0,
        "tie_word_embeddings": False,
        "eos_token_id": eos_id,
        "torch_dtype": dtype,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")

    rng = np.random.default_rng(seed)

    def normal(*shape: int, std: float) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) * np.float32(std)).astype(np.float32)

    # Embeddings at std 1 and projections at 1/sqrt(fan_in) keep the activations lively,
    # so greedy decoding wanders through the vocabulary instead of repeating one token.
    w: dict[str, np.ndarray] = {"model.embed_tokens.weight": normal(vocab, hidden, std=1.0)}
    for i in range(layers):
        p = f"model.layers.{i}."
        w[p + "self_attn.q_proj.weight"] = normal(heads * head_dim, hidden, std=hidden**-0.5)
        w[p + "self_attn.k_proj.weight"] = normal(kv_heads * head_dim, hidden, std=hidden**-0.5)
        w[p + "self_attn.v_proj.weight"] = normal(kv_heads * head_dim, hidden, std=hidden**-0.5)
        w[p + "self_attn.o_proj.weight"] = normal(hidden, heads * head_dim, std=(heads * head_dim) ** -0.5)
        w[p + "mlp.gate_proj.weight"] = normal(inter, hidden, std=hidden**-0.5)
        w[p + "mlp.up_proj.weight"] = normal(inter, hidden, std=hidden**-0.5)
        w[p + "mlp.down_proj.weight"] = normal(hidden, inter, std=inter**-0.5)
        w[p + "input_layernorm.weight"] = np.ones(hidden, dtype=np.float32)
        w[p + "post_attention_layernorm.weight"] = np.ones(hidden, dtype=np.float32)
    w["model.norm.weight"] = np.ones(hidden, dtype=np.float32)
    lm_head = normal(vocab, hidden, std=hidden**-0.5)
    if eos_never_greedy:
        lm_head[eos_id] = 0.0
    w["lm_head.weight"] = lm_head
    if vision:
        from service.backends.mlx.tiny_vision import llava

        image_id = tok.token_to_id(IMAGE_TOKEN)
        assert image_id is not None
        config, w, preprocessor, processor = llava(config, w, image_id, normal)
        (out / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
        (out / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2, sort_keys=True) + "\n")
        (out / "processor_config.json").write_text(json.dumps(processor, indent=2, sort_keys=True) + "\n")
    _write_safetensors(out / "model.safetensors", w, dtype)
    return out


def parameter_count(size: str = "tiny", vocab: int = VOCAB_SIZE) -> int:
    hidden, layers, inter, heads, kv_heads = SIZES[size]
    head_dim = hidden // heads
    per_layer = hidden * head_dim * (2 * heads + 2 * kv_heads) + 3 * hidden * inter + 2 * hidden
    return 2 * vocab * hidden + layers * per_layer + hidden
