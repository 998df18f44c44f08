// Original file: llmrouter/v1/chat_service.proto


/**
 * One embedding vector.
 */
export interface Embedding {
  /**
   * Position of the input it embeds.
   */
  'index'?: (number);
  /**
   * The vector.
   */
  'values'?: (number | string)[];
}

/**
 * One embedding vector.
 */
export interface Embedding__Output {
  /**
   * Position of the input it embeds.
   */
  'index': (number);
  /**
   * The vector.
   */
  'values': (number)[];
}
