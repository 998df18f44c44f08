// Original file: llmrouter/v1/limit_service.proto

import type { Limit as _llmrouter_v1_Limit, Limit__Output as _llmrouter_v1_Limit__Output } from '../../llmrouter/v1/Limit';

/**
 * Response of GetLimit.
 */
export interface GetLimitResponse {
  /**
   * The limit.
   */
  'limit'?: (_llmrouter_v1_Limit | null);
}

/**
 * Response of GetLimit.
 */
export interface GetLimitResponse__Output {
  /**
   * The limit.
   */
  'limit': (_llmrouter_v1_Limit__Output | null);
}
