// Original file: llmrouter/v1/routing_service.proto

import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from '../../llmrouter/v1/Route';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdateRoute.
 */
export interface UpdateRouteRequest {
  /**
   * The rule with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'route'?: (_llmrouter_v1_Route | null);
  /**
   * Fields to update: `model_pattern`, `priority`, `target`, `fallbacks`, `enabled`,
   * `description`. An empty mask updates those of them that are set in `route`; `*` replaces
   * all of them (unset ones take their defaults: empty, `enabled` true). Any other path is
   * INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdateRoute.
 */
export interface UpdateRouteRequest__Output {
  /**
   * The rule with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'route': (_llmrouter_v1_Route__Output | null);
  /**
   * Fields to update: `model_pattern`, `priority`, `target`, `fallbacks`, `enabled`,
   * `description`. An empty mask updates those of them that are set in `route`; `*` replaces
   * all of them (unset ones take their defaults: empty, `enabled` true). Any other path is
   * INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
