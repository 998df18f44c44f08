// Original file: llmrouter/v1/chat.proto


/**
 * Which target served a call, and how it was reached.
 */
export interface ServedBy {
  /**
   * Resource name of the provider that served, `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * The model name sent upstream (after any route override).
   */
  'model'?: (string);
  /**
   * Attempts made in all, retries and fallbacks included (1 when the first try served).
   */
  'attempts'?: (number);
  /**
   * Position of the serving target: 0 is the primary, 1 the first fallback, and so on.
   */
  'fallbackIndex'?: (number);
  /**
   * Resource name of the route that matched, `routes/{route}`; empty when none did.
   */
  'route'?: (string);
}

/**
 * Which target served a call, and how it was reached.
 */
export interface ServedBy__Output {
  /**
   * Resource name of the provider that served, `providers/{provider}`.
   */
  'provider': (string);
  /**
   * The model name sent upstream (after any route override).
   */
  'model': (string);
  /**
   * Attempts made in all, retries and fallbacks included (1 when the first try served).
   */
  'attempts': (number);
  /**
   * Position of the serving target: 0 is the primary, 1 the first fallback, and so on.
   */
  'fallbackIndex': (number);
  /**
   * Resource name of the route that matched, `routes/{route}`; empty when none did.
   */
  'route': (string);
}
