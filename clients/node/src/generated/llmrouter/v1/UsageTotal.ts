// Original file: llmrouter/v1/request_log.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Token totals of one provider and model.
 */
export interface UsageTotal {
  /**
   * `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * Upstream model.
   */
  'model'?: (string);
  /**
   * Calls counted.
   */
  'requests'?: (number | string | Long);
  /**
   * Calls that ended with a non-OK status.
   */
  'errors'?: (number | string | Long);
  /**
   * Sum of prompt tokens.
   */
  'promptTokens'?: (number | string | Long);
  /**
   * Sum of completion tokens.
   */
  'completionTokens'?: (number | string | Long);
  /**
   * Sum of cached prompt tokens.
   */
  'cachedPromptTokens'?: (number | string | Long);
}

/**
 * Token totals of one provider and model.
 */
export interface UsageTotal__Output {
  /**
   * `providers/{provider}`.
   */
  'provider': (string);
  /**
   * Upstream model.
   */
  'model': (string);
  /**
   * Calls counted.
   */
  'requests': (string);
  /**
   * Calls that ended with a non-OK status.
   */
  'errors': (string);
  /**
   * Sum of prompt tokens.
   */
  'promptTokens': (string);
  /**
   * Sum of completion tokens.
   */
  'completionTokens': (string);
  /**
   * Sum of cached prompt tokens.
   */
  'cachedPromptTokens': (string);
}
