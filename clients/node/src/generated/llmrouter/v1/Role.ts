// Original file: llmrouter/v1/chat.proto

/**
 * The author of a chat message.
 */
export const Role = {
  /**
   * Not set; rejected with INVALID_ARGUMENT.
   */
  ROLE_UNSPECIFIED: 'ROLE_UNSPECIFIED',
  /**
   * Instructions for the model (OpenAI inline system message, Anthropic top-level `system`).
   */
  ROLE_SYSTEM: 'ROLE_SYSTEM',
  /**
   * A message from the end user.
   */
  ROLE_USER: 'ROLE_USER',
  /**
   * A message from the model, possibly with tool calls.
   */
  ROLE_ASSISTANT: 'ROLE_ASSISTANT',
  /**
   * The result of a tool call; `tool_call_id` names the call it answers.
   */
  ROLE_TOOL: 'ROLE_TOOL',
} as const;

/**
 * The author of a chat message.
 */
export type Role =
  /**
   * Not set; rejected with INVALID_ARGUMENT.
   */
  | 'ROLE_UNSPECIFIED'
  | 0
  /**
   * Instructions for the model (OpenAI inline system message, Anthropic top-level `system`).
   */
  | 'ROLE_SYSTEM'
  | 1
  /**
   * A message from the end user.
   */
  | 'ROLE_USER'
  | 2
  /**
   * A message from the model, possibly with tool calls.
   */
  | 'ROLE_ASSISTANT'
  | 3
  /**
   * The result of a tool call; `tool_call_id` names the call it answers.
   */
  | 'ROLE_TOOL'
  | 4

/**
 * The author of a chat message.
 */
export type Role__Output = typeof Role[keyof typeof Role]
