// Original file: llmrouter/v1/chat.proto


/**
 * Default generation settings (of a caller, or of a provider model).
 */
export interface GenerationDefaults {
  /**
   * Upper bound on generated tokens (positive).
   */
  'maxTokens'?: (number);
  /**
   * Sampling temperature, 0 to 2.
   */
  'temperature'?: (number | string);
  /**
   * Nucleus sampling probability mass, in (0, 1].
   */
  'topP'?: (number | string);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
}

/**
 * Default generation settings (of a caller, or of a provider model).
 */
export interface GenerationDefaults__Output {
  /**
   * Upper bound on generated tokens (positive).
   */
  'maxTokens'?: (number);
  /**
   * Sampling temperature, 0 to 2.
   */
  'temperature'?: (number);
  /**
   * Nucleus sampling probability mass, in (0, 1].
   */
  'topP'?: (number);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
}
