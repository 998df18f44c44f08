// Original file: llmrouter/v1/chat.proto

/**
 * Why generation ended.
 */
export const FinishReason = {
  /**
   * Unknown or not reported by the upstream.
   */
  FINISH_REASON_UNSPECIFIED: 'FINISH_REASON_UNSPECIFIED',
  /**
   * The model ended its turn naturally.
   */
  FINISH_REASON_STOP: 'FINISH_REASON_STOP',
  /**
   * `max_tokens` (or the model's context) was reached.
   */
  FINISH_REASON_LENGTH: 'FINISH_REASON_LENGTH',
  /**
   * The model called one or more tools.
   */
  FINISH_REASON_TOOL_CALLS: 'FINISH_REASON_TOOL_CALLS',
  /**
   * Output was withheld by a content filter.
   */
  FINISH_REASON_CONTENT_FILTER: 'FINISH_REASON_CONTENT_FILTER',
  /**
   * A caller-given stop sequence was produced.
   */
  FINISH_REASON_STOP_SEQUENCE: 'FINISH_REASON_STOP_SEQUENCE',
} as const;

/**
 * Why generation ended.
 */
export type FinishReason =
  /**
   * Unknown or not reported by the upstream.
   */
  | 'FINISH_REASON_UNSPECIFIED'
  | 0
  /**
   * The model ended its turn naturally.
   */
  | 'FINISH_REASON_STOP'
  | 1
  /**
   * `max_tokens` (or the model's context) was reached.
   */
  | 'FINISH_REASON_LENGTH'
  | 2
  /**
   * The model called one or more tools.
   */
  | 'FINISH_REASON_TOOL_CALLS'
  | 3
  /**
   * Output was withheld by a content filter.
   */
  | 'FINISH_REASON_CONTENT_FILTER'
  | 4
  /**
   * A caller-given stop sequence was produced.
   */
  | 'FINISH_REASON_STOP_SEQUENCE'
  | 5

/**
 * Why generation ended.
 */
export type FinishReason__Output = typeof FinishReason[keyof typeof FinishReason]
