// Original file: llmrouter/v1/request_log_service.proto

/**
 * A dimension GetUsageSummary can group totals by.
 */
export const UsageGroup = {
  /**
   * Not a dimension (refused).
   */
  USAGE_GROUP_UNSPECIFIED: 'USAGE_GROUP_UNSPECIFIED',
  /**
   * The caller's client key.
   */
  USAGE_GROUP_CALLER_KEY: 'USAGE_GROUP_CALLER_KEY',
  /**
   * The provider that served (or failed).
   */
  USAGE_GROUP_PROVIDER: 'USAGE_GROUP_PROVIDER',
  /**
   * The upstream model.
   */
  USAGE_GROUP_MODEL: 'USAGE_GROUP_MODEL',
  /**
   * The route that matched.
   */
  USAGE_GROUP_ROUTE: 'USAGE_GROUP_ROUTE',
} as const;

/**
 * A dimension GetUsageSummary can group totals by.
 */
export type UsageGroup =
  /**
   * Not a dimension (refused).
   */
  | 'USAGE_GROUP_UNSPECIFIED'
  | 0
  /**
   * The caller's client key.
   */
  | 'USAGE_GROUP_CALLER_KEY'
  | 1
  /**
   * The provider that served (or failed).
   */
  | 'USAGE_GROUP_PROVIDER'
  | 2
  /**
   * The upstream model.
   */
  | 'USAGE_GROUP_MODEL'
  | 3
  /**
   * The route that matched.
   */
  | 'USAGE_GROUP_ROUTE'
  | 4

/**
 * A dimension GetUsageSummary can group totals by.
 */
export type UsageGroup__Output = typeof UsageGroup[keyof typeof UsageGroup]
