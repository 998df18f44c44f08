// Original file: llmrouter/v1/request_log_service.proto

/**
 * The periods GetUsageSummary can split totals into.
 */
export const UsagePeriod = {
  /**
   * The whole window, one total per group.
   */
  USAGE_PERIOD_UNSPECIFIED: 'USAGE_PERIOD_UNSPECIFIED',
  /**
   * UTC calendar days.
   */
  USAGE_PERIOD_DAY: 'USAGE_PERIOD_DAY',
  /**
   * UTC calendar months.
   */
  USAGE_PERIOD_MONTH: 'USAGE_PERIOD_MONTH',
} as const;

/**
 * The periods GetUsageSummary can split totals into.
 */
export type UsagePeriod =
  /**
   * The whole window, one total per group.
   */
  | 'USAGE_PERIOD_UNSPECIFIED'
  | 0
  /**
   * UTC calendar days.
   */
  | 'USAGE_PERIOD_DAY'
  | 1
  /**
   * UTC calendar months.
   */
  | 'USAGE_PERIOD_MONTH'
  | 2

/**
 * The periods GetUsageSummary can split totals into.
 */
export type UsagePeriod__Output = typeof UsagePeriod[keyof typeof UsagePeriod]
