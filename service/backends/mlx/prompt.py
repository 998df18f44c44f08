"""The token prompt of a request: chat-template rendering, limits, prompt-cache reuse.

The KV caches are engine-thread only. Rendering and tokenizing (`prompt_tokens`) also run off
the engine thread (`MlxEngine.prepare`), after `check_prompt_size`: a cheap bound that refuses a
prompt that cannot fit without tokenizing it (a token covers at most `max_token_chars(m)`
characters, so a prompt of more than `context_length * max_token_chars(m)` characters has more
tokens than the context holds).
"""

from __future__ import annotations

from typing import Any

from service.backends.mlx.models import LoadedModel
from service.backends.mlx.request import GenerationParams
from service.core.errors import FailedPrecondition, InvalidArgument, Reason


def prompt_tokens(m: LoadedModel, p: GenerationParams) -> list[int]:
    """The prompt's token ids: `p.prompt_tokens`, or `p.messages` rendered by the chat template.

    Raises InvalidArgument for an empty prompt or one that fills the model's context
    (CONTEXT_LENGTH_EXCEEDED), FailedPrecondition (NO_CHAT_TEMPLATE) when there is no template.
    """
    if p.prompt_tokens is not None:
        prompt = [int(t) for t in p.prompt_tokens]
    elif p.prompt_text is not None:
        prompt = [int(t) for t in m.tokenizer.encode(p.prompt_text)]
    else:
        prompt = render(m, p)
    check_prompt(m, prompt)
    return prompt


def check_prompt(m: LoadedModel, prompt: list[int]) -> None:
    """Raises InvalidArgument for an empty prompt or one that fills the context (CONTEXT_LENGTH_EXCEEDED)."""
    if not prompt:
        raise InvalidArgument("the prompt is empty")
    n = len(prompt)
    if m.context_length is not None and n >= m.context_length:
        raise _context_exceeded(m, f"has {n} tokens")


def _context_exceeded(m: LoadedModel, what: str) -> InvalidArgument:
    return InvalidArgument(
        f"the prompt {what}; the model's context is {m.context_length} tokens",
        reason=Reason.CONTEXT_LENGTH_EXCEEDED,
    )


def max_token_chars(m: LoadedModel) -> int:
    """An upper bound of the characters one token stands for: the longest vocabulary entry in
    UTF-8 bytes (byte-level and SentencePiece entries never stand for more characters than
    that). Computed once per loaded model."""
    cached = getattr(m, "_max_token_chars", None)
    if cached is None:
        vocab = m.tokenizer.get_vocab()
        cached = max((len(k.encode("utf-8", "surrogatepass")) for k in vocab), default=1) or 1
        m._max_token_chars = cached  # type: ignore[attr-defined]
    return int(cached)


def prompt_chars(p: GenerationParams) -> int:
    """Characters of text in the request's messages and tools (no copy, no encoding)."""
    total = 0
    stack: list[Any] = [list(p.messages), p.tools or []]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            total += len(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
    return total


def check_prompt_size(m: LoadedModel, p: GenerationParams) -> None:
    """Refuses (CONTEXT_LENGTH_EXCEEDED) a prompt too long to fit, from its size alone."""
    if m.context_length is None or p.prompt_tokens is not None:
        return
    chars = prompt_chars(p)
    if chars > m.context_length * max_token_chars(m):
        raise _context_exceeded(m, f"has {chars} characters, more than {m.context_length} tokens can hold")


def render(m: LoadedModel, p: GenerationParams) -> list[int]:
    """`p.messages` (and `p.tools`) through the model's chat template, with the generation prompt."""
    tok = m.tokenizer
    if not tok.has_chat_template:
        raise FailedPrecondition(
            f"model {m.source!r} has no chat template; give the tokenizer one (tokenizer_config.json chat_template)",
            reason=Reason.NO_CHAT_TEMPLATE,
            resource=("model", m.source),
        )
    kwargs: dict[str, Any] = {}
    if p.tools:
        kwargs["tools"] = list(p.tools)
    if p.enable_thinking is not None:  # templates without thinking support ignore it
        kwargs["enable_thinking"] = p.enable_thinking
    try:
        ids = tok.apply_chat_template(list(p.messages), add_generation_prompt=True, tokenize=True, **kwargs)
    except Exception as exc:
        raise InvalidArgument(f"the model's chat template rejected the conversation: {exc}") from exc
    if isinstance(ids, dict):  # some tokenizers return a BatchEncoding
        ids = ids["input_ids"]
    return [int(t) for t in ids]


def opens_reasoning(tok: Any, prompt: list[int]) -> bool:
    """Whether the prompt ends inside a think block (the template opened one for the answer)."""
    if not tok.has_thinking:
        return False
    start = tok.rfind_think_start(prompt)
    return bool(start >= 0 and start > tok.rfind_think_end(prompt))


def reuse_cached_prefix(m: LoadedModel, prompt: list[int]) -> tuple[Any, int, list[int]]:
    """(KV cache or None, cached token count, tokens still to process) for `prompt`.

    The cache is a copy of the longest shared prefix in the model's prompt cache. When the
    whole prompt is cached its last token is processed again (the next token needs its
    logits), so at least one token is always left to process.
    """
    cache, rest = m.prompt_cache.fetch_nearest_cache(m.source, prompt)
    cached = 0
    if cache is not None:
        cached = len(prompt) - len(rest)
        if not rest:
            from mlx_lm.models.cache import can_trim_prompt_cache, trim_prompt_cache

            if can_trim_prompt_cache(cache):
                trim_prompt_cache(cache, 1)
                cached -= 1
                rest = prompt[-1:]
            else:
                cache, cached, rest = None, 0, prompt
    return cache, cached, list(rest)
