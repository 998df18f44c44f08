// Original file: llmrouter/v1/limit_service.proto

import type { Limit as _llmrouter_v1_Limit, Limit__Output as _llmrouter_v1_Limit__Output } from '../../llmrouter/v1/Limit';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdateLimit.
 */
export interface UpdateLimitRequest {
  /**
   * The limit with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'limit'?: (_llmrouter_v1_Limit | null);
  /**
   * Fields to update: `subject`, `requests_per_minute`, `tokens_per_minute`,
   * `concurrent_streams`, `token_budget`, `cost_budget_micros`, `budget_period`, `enabled`,
   * `description`. An empty mask updates those of them that are set in `limit`; `*` replaces
   * all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdateLimit.
 */
export interface UpdateLimitRequest__Output {
  /**
   * The limit with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'limit': (_llmrouter_v1_Limit__Output | null);
  /**
   * Fields to update: `subject`, `requests_per_minute`, `tokens_per_minute`,
   * `concurrent_streams`, `token_budget`, `cost_budget_micros`, `budget_period`, `enabled`,
   * `description`. An empty mask updates those of them that are set in `limit`; `*` replaces
   * all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
