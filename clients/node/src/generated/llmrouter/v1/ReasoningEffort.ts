// Original file: llmrouter/v1/chat.proto

/**
 * Reasoning effort levels.
 */
export const ReasoningEffort = {
  /**
   * Not set: the provider's default (no reasoning where it is opt-in).
   */
  REASONING_EFFORT_UNSPECIFIED: 'REASONING_EFFORT_UNSPECIFIED',
  /**
   * As little reasoning as the model allows.
   */
  REASONING_EFFORT_MINIMAL: 'REASONING_EFFORT_MINIMAL',
  /**
   * Light reasoning.
   */
  REASONING_EFFORT_LOW: 'REASONING_EFFORT_LOW',
  /**
   * Moderate reasoning.
   */
  REASONING_EFFORT_MEDIUM: 'REASONING_EFFORT_MEDIUM',
  /**
   * Thorough reasoning.
   */
  REASONING_EFFORT_HIGH: 'REASONING_EFFORT_HIGH',
} as const;

/**
 * Reasoning effort levels.
 */
export type ReasoningEffort =
  /**
   * Not set: the provider's default (no reasoning where it is opt-in).
   */
  | 'REASONING_EFFORT_UNSPECIFIED'
  | 0
  /**
   * As little reasoning as the model allows.
   */
  | 'REASONING_EFFORT_MINIMAL'
  | 1
  /**
   * Light reasoning.
   */
  | 'REASONING_EFFORT_LOW'
  | 2
  /**
   * Moderate reasoning.
   */
  | 'REASONING_EFFORT_MEDIUM'
  | 3
  /**
   * Thorough reasoning.
   */
  | 'REASONING_EFFORT_HIGH'
  | 4

/**
 * Reasoning effort levels.
 */
export type ReasoningEffort__Output = typeof ReasoningEffort[keyof typeof ReasoningEffort]
