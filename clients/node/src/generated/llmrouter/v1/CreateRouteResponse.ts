// Original file: llmrouter/v1/routing_service.proto

import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from '../../llmrouter/v1/Route';

/**
 * Response of CreateRoute.
 */
export interface CreateRouteResponse {
  /**
   * The created rule.
   */
  'route'?: (_llmrouter_v1_Route | null);
}

/**
 * Response of CreateRoute.
 */
export interface CreateRouteResponse__Output {
  /**
   * The created rule.
   */
  'route': (_llmrouter_v1_Route__Output | null);
}
