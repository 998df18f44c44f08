// Original file: llmrouter/v1/request_log_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { UsageGroup as _llmrouter_v1_UsageGroup, UsageGroup__Output as _llmrouter_v1_UsageGroup__Output } from '../../llmrouter/v1/UsageGroup';
import type { UsagePeriod as _llmrouter_v1_UsagePeriod, UsagePeriod__Output as _llmrouter_v1_UsagePeriod__Output } from '../../llmrouter/v1/UsagePeriod';

/**
 * Request of GetUsageSummary.
 */
export interface GetUsageSummaryRequest {
  /**
   * Window start (inclusive); unset means the beginning of the log.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Window end (exclusive); unset means now.
   */
  'endTime'?: (_google_protobuf_Timestamp | null);
  /**
   * What to group by; empty means provider and model (each total then names both).
   */
  'groupBy'?: (_llmrouter_v1_UsageGroup)[];
  /**
   * Split the totals by UTC day or month as well; unspecified: the whole window.
   */
  'period'?: (_llmrouter_v1_UsagePeriod);
}

/**
 * Request of GetUsageSummary.
 */
export interface GetUsageSummaryRequest__Output {
  /**
   * Window start (inclusive); unset means the beginning of the log.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Window end (exclusive); unset means now.
   */
  'endTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * What to group by; empty means provider and model (each total then names both).
   */
  'groupBy': (_llmrouter_v1_UsageGroup__Output)[];
  /**
   * Split the totals by UTC day or month as well; unspecified: the whole window.
   */
  'period': (_llmrouter_v1_UsagePeriod__Output);
}
