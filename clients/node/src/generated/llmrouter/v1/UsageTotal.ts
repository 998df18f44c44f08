// Original file: llmrouter/v1/request_log.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
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
  /**
   * `clientKeys/{client_key}` of the group (set when grouped by caller key; empty: no key).
   */
  'callerKey'?: (string);
  /**
   * `routes/{route}` of the group (set when grouped by route; empty: no route matched).
   */
  'route'?: (string);
  /**
   * Start of the group's UTC day or month (set when grouped by period).
   */
  'periodStart'?: (_google_protobuf_Timestamp | null);
  /**
   * Sum of the priced calls' costs, in billionths of `currency`.
   */
  'costNanos'?: (number | string | Long);
  /**
   * ISO 4217 code of cost_nanos; empty when no call of the group was priced. A group
   * whose priced calls used several currencies is split into one total per currency.
   */
  'currency'?: (string);
  /**
   * Calls without a price (not counted in cost_nanos; never reported as free).
   */
  'unpricedRequests'?: (number | string | Long);
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
  /**
   * `clientKeys/{client_key}` of the group (set when grouped by caller key; empty: no key).
   */
  'callerKey': (string);
  /**
   * `routes/{route}` of the group (set when grouped by route; empty: no route matched).
   */
  'route': (string);
  /**
   * Start of the group's UTC day or month (set when grouped by period).
   */
  'periodStart': (_google_protobuf_Timestamp__Output | null);
  /**
   * Sum of the priced calls' costs, in billionths of `currency`.
   */
  'costNanos': (string);
  /**
   * ISO 4217 code of cost_nanos; empty when no call of the group was priced. A group
   * whose priced calls used several currencies is split into one total per currency.
   */
  'currency': (string);
  /**
   * Calls without a price (not counted in cost_nanos; never reported as free).
   */
  'unpricedRequests': (string);
}
