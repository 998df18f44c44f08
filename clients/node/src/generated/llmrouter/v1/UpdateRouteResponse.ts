// Original file: llmrouter/v1/routing_service.proto

import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from '../../llmrouter/v1/Route';

/**
 * Response of UpdateRoute.
 */
export interface UpdateRouteResponse {
  /**
   * The updated rule.
   */
  'route'?: (_llmrouter_v1_Route | null);
}

/**
 * Response of UpdateRoute.
 */
export interface UpdateRouteResponse__Output {
  /**
   * The updated rule.
   */
  'route': (_llmrouter_v1_Route__Output | null);
}
