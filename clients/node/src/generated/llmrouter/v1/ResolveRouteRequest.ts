// Original file: llmrouter/v1/routing_service.proto


/**
 * Request of ResolveRoute.
 */
export interface ResolveRouteRequest {
  /**
   * The model name a caller would send.
   */
  'model'?: (string);
  /**
   * An explicit provider, as a caller could send, `providers/{provider}`.
   */
  'provider'?: (string);
}

/**
 * Request of ResolveRoute.
 */
export interface ResolveRouteRequest__Output {
  /**
   * The model name a caller would send.
   */
  'model': (string);
  /**
   * An explicit provider, as a caller could send, `providers/{provider}`.
   */
  'provider': (string);
}
