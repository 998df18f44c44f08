// Original file: llmrouter/v1/chat_service.proto

import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from '../../llmrouter/v1/ServedBy';

/**
 * Response of CountTokens.
 */
export interface CountTokensResponse {
  /**
   * Input tokens of the request on the target that counted them.
   */
  'inputTokens'?: (number);
  /**
   * True when the count is an estimate (the target has no exact count).
   */
  'estimated'?: (boolean);
  /**
   * Which target counted.
   */
  'servedBy'?: (_llmrouter_v1_ServedBy | null);
}

/**
 * Response of CountTokens.
 */
export interface CountTokensResponse__Output {
  /**
   * Input tokens of the request on the target that counted them.
   */
  'inputTokens': (number);
  /**
   * True when the count is an estimate (the target has no exact count).
   */
  'estimated': (boolean);
  /**
   * Which target counted.
   */
  'servedBy': (_llmrouter_v1_ServedBy__Output | null);
}
