// Original file: llmrouter/v1/chat.proto


/**
 * An alternative token at one position.
 */
export interface TopLogprob {
  /**
   * The token's text.
   */
  'token'?: (string);
  /**
   * Its natural-log probability.
   */
  'logprob'?: (number | string);
  /**
   * The token's UTF-8 bytes.
   */
  'bytes'?: (Buffer | Uint8Array | string);
}

/**
 * An alternative token at one position.
 */
export interface TopLogprob__Output {
  /**
   * The token's text.
   */
  'token': (string);
  /**
   * Its natural-log probability.
   */
  'logprob': (number);
  /**
   * The token's UTF-8 bytes.
   */
  'bytes': (Buffer);
}
