// Original file: llmrouter/v1/chat.proto

import type { Role as _llmrouter_v1_Role, Role__Output as _llmrouter_v1_Role__Output } from '../../llmrouter/v1/Role';
import type { ToolCall as _llmrouter_v1_ToolCall, ToolCall__Output as _llmrouter_v1_ToolCall__Output } from '../../llmrouter/v1/ToolCall';

/**
 * One message of the conversation.
 */
export interface Message {
  /**
   * Who wrote the message.
   */
  'role'?: (_llmrouter_v1_Role);
  /**
   * Text content. May be empty for an assistant message that only calls tools.
   */
  'content'?: (string);
  /**
   * Tool calls made by the assistant (ROLE_ASSISTANT only).
   */
  'toolCalls'?: (_llmrouter_v1_ToolCall)[];
  /**
   * The id of the tool call this message answers (ROLE_TOOL only, required there).
   */
  'toolCallId'?: (string);
  /**
   * Optional participant name (OpenAI `name`); for ROLE_TOOL, the tool's name.
   */
  'name'?: (string);
}

/**
 * One message of the conversation.
 */
export interface Message__Output {
  /**
   * Who wrote the message.
   */
  'role': (_llmrouter_v1_Role__Output);
  /**
   * Text content. May be empty for an assistant message that only calls tools.
   */
  'content': (string);
  /**
   * Tool calls made by the assistant (ROLE_ASSISTANT only).
   */
  'toolCalls': (_llmrouter_v1_ToolCall__Output)[];
  /**
   * The id of the tool call this message answers (ROLE_TOOL only, required there).
   */
  'toolCallId': (string);
  /**
   * Optional participant name (OpenAI `name`); for ROLE_TOOL, the tool's name.
   */
  'name': (string);
}
