// Original file: llmrouter/v1/routing_service.proto

import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from '../../llmrouter/v1/Route';

/**
 * Response of ListRoutes.
 */
export interface ListRoutesResponse {
  /**
   * The rules, in evaluation order.
   */
  'routes'?: (_llmrouter_v1_Route)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListRoutes.
 */
export interface ListRoutesResponse__Output {
  /**
   * The rules, in evaluation order.
   */
  'routes': (_llmrouter_v1_Route__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
