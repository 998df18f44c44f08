// Original file: llmrouter/v1/chat.proto

/**
 * How the model may use the tools.
 */
export const ToolChoiceMode = {
  /**
   * Provider default (auto when tools are given).
   */
  TOOL_CHOICE_MODE_UNSPECIFIED: 'TOOL_CHOICE_MODE_UNSPECIFIED',
  /**
   * The model decides whether to call a tool.
   */
  TOOL_CHOICE_MODE_AUTO: 'TOOL_CHOICE_MODE_AUTO',
  /**
   * The model must not call a tool.
   */
  TOOL_CHOICE_MODE_NONE: 'TOOL_CHOICE_MODE_NONE',
  /**
   * The model must call at least one tool.
   */
  TOOL_CHOICE_MODE_REQUIRED: 'TOOL_CHOICE_MODE_REQUIRED',
  /**
   * The model must call the function named in `function_name`.
   */
  TOOL_CHOICE_MODE_FUNCTION: 'TOOL_CHOICE_MODE_FUNCTION',
} as const;

/**
 * How the model may use the tools.
 */
export type ToolChoiceMode =
  /**
   * Provider default (auto when tools are given).
   */
  | 'TOOL_CHOICE_MODE_UNSPECIFIED'
  | 0
  /**
   * The model decides whether to call a tool.
   */
  | 'TOOL_CHOICE_MODE_AUTO'
  | 1
  /**
   * The model must not call a tool.
   */
  | 'TOOL_CHOICE_MODE_NONE'
  | 2
  /**
   * The model must call at least one tool.
   */
  | 'TOOL_CHOICE_MODE_REQUIRED'
  | 3
  /**
   * The model must call the function named in `function_name`.
   */
  | 'TOOL_CHOICE_MODE_FUNCTION'
  | 4

/**
 * How the model may use the tools.
 */
export type ToolChoiceMode__Output = typeof ToolChoiceMode[keyof typeof ToolChoiceMode]
