// Original file: llmrouter/v1/limit.proto

import type { BudgetPeriod as _llmrouter_v1_BudgetPeriod, BudgetPeriod__Output as _llmrouter_v1_BudgetPeriod__Output } from '../../llmrouter/v1/BudgetPeriod';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

/**
 * A rate limit and budget for a subject. Every capped dimension is checked at admission; a
 * call over any of them is answered RESOURCE_EXHAUSTED with RetryInfo and a QuotaFailure
 * naming this limit and the dimension. 0 in a dimension means no cap on it. With
 * LLMROUTER_REDIS_URL the counters are shared by every replica; without it each process
 * counts on its own.
 */
export interface Limit {
  /**
   * Resource name, `limits/{limit}`. Output only; chosen by CreateLimitRequest.limit_id.
   */
  'name'?: (string);
  /**
   * Whom it applies to: `clientKeys/{client_key}` (calls made with that key) or `*` (all calls
   * together). Required.
   */
  'subject'?: (string);
  /**
   * Calls per UTC minute.
   */
  'requestsPerMinute'?: (number | string | Long);
  /**
   * Tokens (prompt + completion) per UTC minute. Each call reserves its max_tokens (or the
   * server's default reservation) at admission and is settled with its real usage at the end.
   */
  'tokensPerMinute'?: (number | string | Long);
  /**
   * Calls in flight at once.
   */
  'concurrentStreams'?: (number | string | Long);
  /**
   * Tokens per budget_period (reserved and settled like tokens_per_minute).
   */
  'tokenBudget'?: (number | string | Long);
  /**
   * Cost per budget_period, in millionths of the prices' currency units (10000000 is 10.00);
   * charged with each priced call's cost when it ends; calls are refused once it is spent.
   */
  'costBudgetMicros'?: (number | string | Long);
  /**
   * The period of token_budget and cost_budget_micros.
   */
  'budgetPeriod'?: (_llmrouter_v1_BudgetPeriod);
  /**
   * Whether the limit is enforced. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Free-form description.
   */
  'description'?: (string);
  /**
   * Creation time. Output only.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Last update time. Output only.
   */
  'updateTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag'?: (string);
  '_enabled'?: "enabled";
}

/**
 * A rate limit and budget for a subject. Every capped dimension is checked at admission; a
 * call over any of them is answered RESOURCE_EXHAUSTED with RetryInfo and a QuotaFailure
 * naming this limit and the dimension. 0 in a dimension means no cap on it. With
 * LLMROUTER_REDIS_URL the counters are shared by every replica; without it each process
 * counts on its own.
 */
export interface Limit__Output {
  /**
   * Resource name, `limits/{limit}`. Output only; chosen by CreateLimitRequest.limit_id.
   */
  'name': (string);
  /**
   * Whom it applies to: `clientKeys/{client_key}` (calls made with that key) or `*` (all calls
   * together). Required.
   */
  'subject': (string);
  /**
   * Calls per UTC minute.
   */
  'requestsPerMinute': (string);
  /**
   * Tokens (prompt + completion) per UTC minute. Each call reserves its max_tokens (or the
   * server's default reservation) at admission and is settled with its real usage at the end.
   */
  'tokensPerMinute': (string);
  /**
   * Calls in flight at once.
   */
  'concurrentStreams': (string);
  /**
   * Tokens per budget_period (reserved and settled like tokens_per_minute).
   */
  'tokenBudget': (string);
  /**
   * Cost per budget_period, in millionths of the prices' currency units (10000000 is 10.00);
   * charged with each priced call's cost when it ends; calls are refused once it is spent.
   */
  'costBudgetMicros': (string);
  /**
   * The period of token_budget and cost_budget_micros.
   */
  'budgetPeriod': (_llmrouter_v1_BudgetPeriod__Output);
  /**
   * Whether the limit is enforced. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Free-form description.
   */
  'description': (string);
  /**
   * Creation time. Output only.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Last update time. Output only.
   */
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag': (string);
  '_enabled'?: "enabled";
}
