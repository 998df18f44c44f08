// Original file: llmrouter/v1/route.proto


/**
 * Where a route sends a request.
 */
export interface RouteTarget {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider'?: (string);
  /**
   * The model name sent upstream; empty keeps the requested model name.
   */
  'model'?: (string);
}

/**
 * Where a route sends a request.
 */
export interface RouteTarget__Output {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider': (string);
  /**
   * The model name sent upstream; empty keeps the requested model name.
   */
  'model': (string);
}
