// Original file: llmrouter/v1/route.proto

/**
 * How a deployment group orders its members for each request.
 */
export const BalanceStrategy = {
  /**
   * The members in their listed order (the default).
   */
  BALANCE_STRATEGY_UNSPECIFIED: 'BALANCE_STRATEGY_UNSPECIFIED',
  /**
   * The members in their listed order, stated explicitly.
   */
  BALANCE_STRATEGY_ORDERED: 'BALANCE_STRATEGY_ORDERED',
  /**
   * The first member drawn at random in proportion to the weights.
   */
  BALANCE_STRATEGY_WEIGHTED: 'BALANCE_STRATEGY_WEIGHTED',
  /**
   * The member with the fewest calls in flight in this server first.
   */
  BALANCE_STRATEGY_LEAST_IN_FLIGHT: 'BALANCE_STRATEGY_LEAST_IN_FLIGHT',
  /**
   * The member with the lowest recent time to first token (moving average) first.
   */
  BALANCE_STRATEGY_LOWEST_LATENCY: 'BALANCE_STRATEGY_LOWEST_LATENCY',
} as const;

/**
 * How a deployment group orders its members for each request.
 */
export type BalanceStrategy =
  /**
   * The members in their listed order (the default).
   */
  | 'BALANCE_STRATEGY_UNSPECIFIED'
  | 0
  /**
   * The members in their listed order, stated explicitly.
   */
  | 'BALANCE_STRATEGY_ORDERED'
  | 1
  /**
   * The first member drawn at random in proportion to the weights.
   */
  | 'BALANCE_STRATEGY_WEIGHTED'
  | 2
  /**
   * The member with the fewest calls in flight in this server first.
   */
  | 'BALANCE_STRATEGY_LEAST_IN_FLIGHT'
  | 3
  /**
   * The member with the lowest recent time to first token (moving average) first.
   */
  | 'BALANCE_STRATEGY_LOWEST_LATENCY'
  | 4

/**
 * How a deployment group orders its members for each request.
 */
export type BalanceStrategy__Output = typeof BalanceStrategy[keyof typeof BalanceStrategy]
