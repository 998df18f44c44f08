// Original file: llmrouter/v1/chat.proto

import type { ToolChoiceMode as _llmrouter_v1_ToolChoiceMode, ToolChoiceMode__Output as _llmrouter_v1_ToolChoiceMode__Output } from '../../llmrouter/v1/ToolChoiceMode';

/**
 * Tool choice: a mode, and a function name when the mode is FUNCTION.
 */
export interface ToolChoice {
  /**
   * The mode.
   */
  'mode'?: (_llmrouter_v1_ToolChoiceMode);
  /**
   * The function to call (TOOL_CHOICE_MODE_FUNCTION only).
   */
  'functionName'?: (string);
  /**
   * Whether the model may call several tools in one turn; unset is the provider's default.
   */
  'parallelToolCalls'?: (boolean);
  '_parallelToolCalls'?: "parallelToolCalls";
}

/**
 * Tool choice: a mode, and a function name when the mode is FUNCTION.
 */
export interface ToolChoice__Output {
  /**
   * The mode.
   */
  'mode': (_llmrouter_v1_ToolChoiceMode__Output);
  /**
   * The function to call (TOOL_CHOICE_MODE_FUNCTION only).
   */
  'functionName': (string);
  /**
   * Whether the model may call several tools in one turn; unset is the provider's default.
   */
  'parallelToolCalls'?: (boolean);
  '_parallelToolCalls'?: "parallelToolCalls";
}
