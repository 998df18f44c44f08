// Original file: llmrouter/v1/chat_service.proto

/**
 * Where a listed model comes from.
 */
export const ModelSource = {
  /**
   * Not set.
   */
  MODEL_SOURCE_UNSPECIFIED: 'MODEL_SOURCE_UNSPECIFIED',
  /**
   * A model registered on a cloud provider.
   */
  MODEL_SOURCE_PROVIDER: 'MODEL_SOURCE_PROVIDER',
  /**
   * A model served locally by MLX.
   */
  MODEL_SOURCE_LOCAL: 'MODEL_SOURCE_LOCAL',
  /**
   * A routing rule's model pattern (exact name or glob).
   */
  MODEL_SOURCE_ROUTE: 'MODEL_SOURCE_ROUTE',
} as const;

/**
 * Where a listed model comes from.
 */
export type ModelSource =
  /**
   * Not set.
   */
  | 'MODEL_SOURCE_UNSPECIFIED'
  | 0
  /**
   * A model registered on a cloud provider.
   */
  | 'MODEL_SOURCE_PROVIDER'
  | 1
  /**
   * A model served locally by MLX.
   */
  | 'MODEL_SOURCE_LOCAL'
  | 2
  /**
   * A routing rule's model pattern (exact name or glob).
   */
  | 'MODEL_SOURCE_ROUTE'
  | 3

/**
 * Where a listed model comes from.
 */
export type ModelSource__Output = typeof ModelSource[keyof typeof ModelSource]
