// Original file: llmrouter/v1/routing_service.proto


/**
 * Request of GetRoute.
 */
export interface GetRouteRequest {
  /**
   * `routes/{route}`.
   */
  'name'?: (string);
}

/**
 * Request of GetRoute.
 */
export interface GetRouteRequest__Output {
  /**
   * `routes/{route}`.
   */
  'name': (string);
}
