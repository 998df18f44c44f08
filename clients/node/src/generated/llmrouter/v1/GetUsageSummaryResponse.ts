// Original file: llmrouter/v1/request_log_service.proto

import type { UsageTotal as _llmrouter_v1_UsageTotal, UsageTotal__Output as _llmrouter_v1_UsageTotal__Output } from '../../llmrouter/v1/UsageTotal';

/**
 * Response of GetUsageSummary.
 */
export interface GetUsageSummaryResponse {
  /**
   * One total per group (and period), ordered by period then the grouped fields.
   */
  'totals'?: (_llmrouter_v1_UsageTotal)[];
}

/**
 * Response of GetUsageSummary.
 */
export interface GetUsageSummaryResponse__Output {
  /**
   * One total per group (and period), ordered by period then the grouped fields.
   */
  'totals': (_llmrouter_v1_UsageTotal__Output)[];
}
