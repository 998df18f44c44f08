// Original file: llmrouter/v1/limit_service.proto

import type { Limit as _llmrouter_v1_Limit, Limit__Output as _llmrouter_v1_Limit__Output } from '../../llmrouter/v1/Limit';

/**
 * Response of ListLimits.
 */
export interface ListLimitsResponse {
  /**
   * The limits, by name.
   */
  'limits'?: (_llmrouter_v1_Limit)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListLimits.
 */
export interface ListLimitsResponse__Output {
  /**
   * The limits, by name.
   */
  'limits': (_llmrouter_v1_Limit__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
