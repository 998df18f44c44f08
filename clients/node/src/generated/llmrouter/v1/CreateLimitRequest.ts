// Original file: llmrouter/v1/limit_service.proto

import type { Limit as _llmrouter_v1_Limit, Limit__Output as _llmrouter_v1_Limit__Output } from '../../llmrouter/v1/Limit';

/**
 * Request of CreateLimit.
 */
export interface CreateLimitRequest {
  /**
   * The limit to create.
   */
  'limit'?: (_llmrouter_v1_Limit | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'limitId'?: (string);
}

/**
 * Request of CreateLimit.
 */
export interface CreateLimitRequest__Output {
  /**
   * The limit to create.
   */
  'limit': (_llmrouter_v1_Limit__Output | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'limitId': (string);
}
