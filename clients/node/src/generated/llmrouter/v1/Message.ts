// Original file: llmrouter/v1/chat.proto

import type { Role as _llmrouter_v1_Role, Role__Output as _llmrouter_v1_Role__Output } from '../../llmrouter/v1/Role';
import type { ToolCall as _llmrouter_v1_ToolCall, ToolCall__Output as _llmrouter_v1_ToolCall__Output } from '../../llmrouter/v1/ToolCall';
import type { ContentPart as _llmrouter_v1_ContentPart, ContentPart__Output as _llmrouter_v1_ContentPart__Output } from '../../llmrouter/v1/ContentPart';
import type { ReasoningBlock as _llmrouter_v1_ReasoningBlock, ReasoningBlock__Output as _llmrouter_v1_ReasoningBlock__Output } from '../../llmrouter/v1/ReasoningBlock';
import type { CacheControl as _llmrouter_v1_CacheControl, CacheControl__Output as _llmrouter_v1_CacheControl__Output } from '../../llmrouter/v1/CacheControl';

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
  /**
   * Content as parts: text, images and documents. Allowed in user messages and tool
   * results (text parts anywhere). Use either `content` or `parts`: setting both is
   * INVALID_ARGUMENT naming both fields.
   */
  'parts'?: (_llmrouter_v1_ContentPart)[];
  /**
   * Reasoning blocks of an earlier assistant turn, passed back verbatim with their
   * signatures (ROLE_ASSISTANT only). Anthropic extended thinking requires them when a
   * tool loop continues; other providers ignore them.
   */
  'reasoning'?: (_llmrouter_v1_ReasoningBlock)[];
  /**
   * Prompt-caching hint for this message's content (`content`, or the last part):
   * everything up to and including it may be cached.
   */
  'cacheControl'?: (_llmrouter_v1_CacheControl | null);
  /**
   * ROLE_TOOL only: the tool call failed and the content describes the error
   * (Anthropic `tool_result.is_error`).
   */
  'isError'?: (boolean);
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
  /**
   * Content as parts: text, images and documents. Allowed in user messages and tool
   * results (text parts anywhere). Use either `content` or `parts`: setting both is
   * INVALID_ARGUMENT naming both fields.
   */
  'parts': (_llmrouter_v1_ContentPart__Output)[];
  /**
   * Reasoning blocks of an earlier assistant turn, passed back verbatim with their
   * signatures (ROLE_ASSISTANT only). Anthropic extended thinking requires them when a
   * tool loop continues; other providers ignore them.
   */
  'reasoning': (_llmrouter_v1_ReasoningBlock__Output)[];
  /**
   * Prompt-caching hint for this message's content (`content`, or the last part):
   * everything up to and including it may be cached.
   */
  'cacheControl': (_llmrouter_v1_CacheControl__Output | null);
  /**
   * ROLE_TOOL only: the tool call failed and the content describes the error
   * (Anthropic `tool_result.is_error`).
   */
  'isError': (boolean);
}
