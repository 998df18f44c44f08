// Original file: llmrouter/v1/chat.proto


/**
 * Token accounting of one call.
 */
export interface Usage {
  /**
   * Tokens in the prompt, cached ones included.
   */
  'promptTokens'?: (number);
  /**
   * Tokens generated.
   */
  'completionTokens'?: (number);
  /**
   * Prompt tokens served from a cache (provider prompt caching or the local KV cache).
   */
  'cachedPromptTokens'?: (number);
  /**
   * prompt_tokens + completion_tokens.
   */
  'totalTokens'?: (number);
}

/**
 * Token accounting of one call.
 */
export interface Usage__Output {
  /**
   * Tokens in the prompt, cached ones included.
   */
  'promptTokens': (number);
  /**
   * Tokens generated.
   */
  'completionTokens': (number);
  /**
   * Prompt tokens served from a cache (provider prompt caching or the local KV cache).
   */
  'cachedPromptTokens': (number);
  /**
   * prompt_tokens + completion_tokens.
   */
  'totalTokens': (number);
}
