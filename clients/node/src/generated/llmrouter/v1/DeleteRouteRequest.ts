// Original file: llmrouter/v1/routing_service.proto


/**
 * Request of DeleteRoute.
 */
export interface DeleteRouteRequest {
  /**
   * `routes/{route}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeleteRoute.
 */
export interface DeleteRouteRequest__Output {
  /**
   * `routes/{route}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
