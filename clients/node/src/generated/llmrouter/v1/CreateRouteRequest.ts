// Original file: llmrouter/v1/routing_service.proto

import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from '../../llmrouter/v1/Route';

/**
 * Request of CreateRoute.
 */
export interface CreateRouteRequest {
  /**
   * The rule to create.
   */
  'route'?: (_llmrouter_v1_Route | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'routeId'?: (string);
}

/**
 * Request of CreateRoute.
 */
export interface CreateRouteRequest__Output {
  /**
   * The rule to create.
   */
  'route': (_llmrouter_v1_Route__Output | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'routeId': (string);
}
