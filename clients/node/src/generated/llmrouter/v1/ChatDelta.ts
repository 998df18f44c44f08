// Original file: llmrouter/v1/chat.proto

import type { ToolCallDelta as _llmrouter_v1_ToolCallDelta, ToolCallDelta__Output as _llmrouter_v1_ToolCallDelta__Output } from '../../llmrouter/v1/ToolCallDelta';

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
}
