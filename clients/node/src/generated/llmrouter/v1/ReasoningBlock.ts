// Original file: llmrouter/v1/chat.proto


/**
 * A block of model reasoning, as the model produced it.
 */
export interface ReasoningBlock {
  /**
   * The reasoning text (empty for a redacted block).
   */
  'text'?: (string);
  /**
   * The provider's signature of the block, which it checks when the block comes back.
   */
  'signature'?: (string);
  /**
   * Redacted reasoning: opaque data to pass back unchanged (Anthropic `redacted_thinking`).
   */
  'redactedData'?: (string);
}

/**
 * A block of model reasoning, as the model produced it.
 */
export interface ReasoningBlock__Output {
  /**
   * The reasoning text (empty for a redacted block).
   */
  'text': (string);
  /**
   * The provider's signature of the block, which it checks when the block comes back.
   */
  'signature': (string);
  /**
   * Redacted reasoning: opaque data to pass back unchanged (Anthropic `redacted_thinking`).
   */
  'redactedData': (string);
}
