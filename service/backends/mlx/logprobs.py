"""Log-probabilities of generated tokens, from the step's log-probability vector.

The BatchGenerator hands each generated token with the log-probabilities it was sampled
from (after the request's logits processors: under a grammar or penalties these are the
constrained distribution). `TokenTexts` (one per loaded model) knows each token's bytes;
`token_logprob` reads the chosen token's value and the `top` most likely alternatives.
Engine thread only; runs only for requests that asked for logprobs (it waits for the step).
"""

from __future__ import annotations

from typing import Any

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.core.chat import TokenLogprob, TopLogprob


class TokenTexts:
    """Token id -> its bytes, as the model's detokenizer would write them (cached)."""

    def __init__(self, tokenizer: Any) -> None:
        self._tok = tokenizer
        self._cache: dict[int, bytes] = {}
        detok = type(tokenizer.detokenizer).__name__
        self._kind = (
            "bpe" if detok == "BPEStreamingDetokenizer" else "spm" if detok == "SPMStreamingDetokenizer" else ""
        )

    def bytes_of(self, token: int) -> bytes:
        b = self._cache.get(token)
        if b is None:
            b = self._cache[token] = self._bytes(token)
        return b

    def _bytes(self, token: int) -> bytes:
        if self._kind:
            piece = self._tok.convert_ids_to_tokens(token)
            if isinstance(piece, str):
                if self._kind == "bpe":
                    from mlx_lm.tokenizer_utils import _byte_decoder

                    table = _byte_decoder()
                    if all(c in table for c in piece):
                        return bytes(table[c] for c in piece)
                elif piece.startswith("<0x") and piece.endswith(">") and len(piece) == 6:
                    return bytes([int(piece[3:5], 16)])
                else:
                    return piece.replace("\u2581", " ").encode("utf-8")
        text: str = self._tok.decode([token])
        return text.encode("utf-8")

    def entry(self, token: int, logprob: float) -> TopLogprob:
        b = self.bytes_of(token)
        return TopLogprob(token=b.decode("utf-8", errors="replace"), logprob=logprob, bytes=b)


def token_logprob(logprobs: mx.array, token: int, top: int, texts: TokenTexts) -> TokenLogprob:
    """The chosen token's log-probability and its `top` most likely alternatives (best first)."""
    value: Any = logprobs[token].item()
    chosen = float(value)
    alternatives: tuple[TopLogprob, ...] = ()
    if top > 0:
        k = min(top, logprobs.shape[-1])
        idx = mx.argpartition(-logprobs, kth=k - 1)[:k]
        vals = logprobs[idx]
        order = mx.argsort(-vals)
        ids: Any = idx[order].tolist()
        lps: Any = vals[order].tolist()
        alternatives = tuple(texts.entry(int(i), float(v)) for i, v in zip(ids, lps, strict=True))
    b = texts.bytes_of(token)
    return TokenLogprob(token=b.decode("utf-8", errors="replace"), logprob=chosen, bytes=b, top=alternatives)
