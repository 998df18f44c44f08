// Original file: llmrouter/v1/chat.proto

import type { TopLogprob as _llmrouter_v1_TopLogprob, TopLogprob__Output as _llmrouter_v1_TopLogprob__Output } from '../../llmrouter/v1/TopLogprob';

/**
 * The log probability of one output token.
 */
export interface TokenLogprob {
  /**
   * The token's text.
   */
  'token'?: (string);
  /**
   * Its natural-log probability.
   */
  'logprob'?: (number | string);
  /**
   * The token's UTF-8 bytes, where the text alone is ambiguous.
   */
  'bytes'?: (Buffer | Uint8Array | string);
  /**
   * The most likely alternatives at this position (with `top_logprobs`).
   */
  'topLogprobs'?: (_llmrouter_v1_TopLogprob)[];
}

/**
 * The log probability of one output token.
 */
export interface TokenLogprob__Output {
  /**
   * The token's text.
   */
  'token': (string);
  /**
   * Its natural-log probability.
   */
  'logprob': (number);
  /**
   * The token's UTF-8 bytes, where the text alone is ambiguous.
   */
  'bytes': (Buffer);
  /**
   * The most likely alternatives at this position (with `top_logprobs`).
   */
  'topLogprobs': (_llmrouter_v1_TopLogprob__Output)[];
}
