// Original file: llmrouter/v1/chat.proto

import type { ToolCallDelta as _llmrouter_v1_ToolCallDelta, ToolCallDelta__Output as _llmrouter_v1_ToolCallDelta__Output } from '../../llmrouter/v1/ToolCallDelta';
import type { TokenLogprob as _llmrouter_v1_TokenLogprob, TokenLogprob__Output as _llmrouter_v1_TokenLogprob__Output } from '../../llmrouter/v1/TokenLogprob';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from '../../llmrouter/v1/Usage';

/**
 * Incremental output.
 */
export interface ChatDelta {
  /**
   * Next chunk of the answer text.
   */
  'text'?: (string);
  /**
   * Next chunk of reasoning ("thinking") text, where the model exposes it.
   */
  'reasoning'?: (string);
  /**
   * Tool-call fragments.
   */
  'toolCalls'?: (_llmrouter_v1_ToolCallDelta)[];
  /**
   * The signature that closes the reasoning block streamed so far (sent once, when the
   * block ends); pass it back in `Message.reasoning`.
   */
  'reasoningSignature'?: (string);
  /**
   * A whole redacted reasoning block: opaque data to pass back in `Message.reasoning`.
   */
  'redactedReasoning'?: (string);
  /**
   * Log probabilities of the tokens of `text` (with `GenerationConfig.logprobs`).
   */
  'logprobs'?: (_llmrouter_v1_TokenLogprob)[];
  /**
   * Usage known before the end (e.g. the prompt tokens, at the start of a stream).
   */
  'usage'?: (_llmrouter_v1_Usage | null);
}

/**
 * Incremental output.
 */
export interface ChatDelta__Output {
  /**
   * Next chunk of the answer text.
   */
  'text': (string);
  /**
   * Next chunk of reasoning ("thinking") text, where the model exposes it.
   */
  'reasoning': (string);
  /**
   * Tool-call fragments.
   */
  'toolCalls': (_llmrouter_v1_ToolCallDelta__Output)[];
  /**
   * The signature that closes the reasoning block streamed so far (sent once, when the
   * block ends); pass it back in `Message.reasoning`.
   */
  'reasoningSignature': (string);
  /**
   * A whole redacted reasoning block: opaque data to pass back in `Message.reasoning`.
   */
  'redactedReasoning': (string);
  /**
   * Log probabilities of the tokens of `text` (with `GenerationConfig.logprobs`).
   */
  'logprobs': (_llmrouter_v1_TokenLogprob__Output)[];
  /**
   * Usage known before the end (e.g. the prompt tokens, at the start of a stream).
   */
  'usage': (_llmrouter_v1_Usage__Output | null);
}
