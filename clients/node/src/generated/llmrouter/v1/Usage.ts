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
  /**
   * Prompt tokens written to the provider's cache by this call (Anthropic
   * `cache_creation_input_tokens`); included in prompt_tokens. `cached_prompt_tokens` are
   * the ones read from it.
   */
  'cacheWriteTokens'?: (number);
  /**
   * Completion tokens spent on reasoning; included in completion_tokens.
   */
  'reasoningTokens'?: (number);
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
  /**
   * Prompt tokens written to the provider's cache by this call (Anthropic
   * `cache_creation_input_tokens`); included in prompt_tokens. `cached_prompt_tokens` are
   * the ones read from it.
   */
  'cacheWriteTokens': (number);
  /**
   * Completion tokens spent on reasoning; included in completion_tokens.
   */
  'reasoningTokens': (number);
}
