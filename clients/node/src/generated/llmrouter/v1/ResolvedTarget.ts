// Original file: llmrouter/v1/routing_service.proto


/**
 * A target that would be tried.
 */
export interface ResolvedTarget {
  /**
   * The provider, `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * The model name that would be sent upstream.
   */
  'model'?: (string);
  /**
   * 0 for the primary, then 1, 2, ... for fallbacks.
   */
  'fallbackIndex'?: (number);
  /**
   * Whether the circuit breaker of this provider and model is open now.
   */
  'breakerOpen'?: (boolean);
  /**
   * Whether the target belongs to the route's deployment group (balanced by its strategy).
   */
  'inGroup'?: (boolean);
}

/**
 * A target that would be tried.
 */
export interface ResolvedTarget__Output {
  /**
   * The provider, `providers/{provider}`.
   */
  'provider': (string);
  /**
   * The model name that would be sent upstream.
   */
  'model': (string);
  /**
   * 0 for the primary, then 1, 2, ... for fallbacks.
   */
  'fallbackIndex': (number);
  /**
   * Whether the circuit breaker of this provider and model is open now.
   */
  'breakerOpen': (boolean);
  /**
   * Whether the target belongs to the route's deployment group (balanced by its strategy).
   */
  'inGroup': (boolean);
}
