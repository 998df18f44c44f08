// Original file: llmrouter/v1/limit.proto

/**
 * How long a budget lasts: it starts again at the beginning of each UTC day or month.
 */
export const BudgetPeriod = {
  /**
   * Not set: a day.
   */
  BUDGET_PERIOD_UNSPECIFIED: 'BUDGET_PERIOD_UNSPECIFIED',
  /**
   * A UTC calendar day.
   */
  BUDGET_PERIOD_DAY: 'BUDGET_PERIOD_DAY',
  /**
   * A UTC calendar month.
   */
  BUDGET_PERIOD_MONTH: 'BUDGET_PERIOD_MONTH',
} as const;

/**
 * How long a budget lasts: it starts again at the beginning of each UTC day or month.
 */
export type BudgetPeriod =
  /**
   * Not set: a day.
   */
  | 'BUDGET_PERIOD_UNSPECIFIED'
  | 0
  /**
   * A UTC calendar day.
   */
  | 'BUDGET_PERIOD_DAY'
  | 1
  /**
   * A UTC calendar month.
   */
  | 'BUDGET_PERIOD_MONTH'
  | 2

/**
 * How long a budget lasts: it starts again at the beginning of each UTC day or month.
 */
export type BudgetPeriod__Output = typeof BudgetPeriod[keyof typeof BudgetPeriod]
