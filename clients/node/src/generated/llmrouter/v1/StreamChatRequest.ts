// Original file: llmrouter/v1/chat_service.proto

import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from '../../llmrouter/v1/Message';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from '../../llmrouter/v1/GenerationConfig';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from '../../llmrouter/v1/Tool';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from '../../llmrouter/v1/ToolChoice';

/**
 * Request of StreamChat.
 */
export interface StreamChatRequest {
  /**
   * The model to use, as the caller names it (routed through the routing rules).
   */
  'model'?: (string);
  /**
   * Optional explicit provider, `providers/{provider}`: bypasses routing rules.
   */
  'provider'?: (string);
  /**
   * The conversation, oldest first. At least one message.
   */
  'messages'?: (_llmrouter_v1_Message)[];
  /**
   * Sampling and length settings.
   */
  'generation'?: (_llmrouter_v1_GenerationConfig | null);
  /**
   * Functions the model may call.
   */
  'tools'?: (_llmrouter_v1_Tool)[];
  /**
   * How the model may use the tools.
   */
  'toolChoice'?: (_llmrouter_v1_ToolChoice | null);
  /**
   * Free-form caller labels, kept in the request log (at most 16 entries).
   */
  'metadata'?: ({[key: string]: string});
  /**
   * Caller-chosen id for tracing; the server assigns one when empty.
   */
  'requestId'?: (string);
  /**
   * A raw text prompt (legacy text completions) instead of `messages`: the model
   * continues it as is, without a chat template. Served by local models and
   * OpenAI-type providers; refused (INVALID_ARGUMENT naming `prompt`) elsewhere.
   */
  'prompt'?: (string);
}

/**
 * Request of StreamChat.
 */
export interface StreamChatRequest__Output {
  /**
   * The model to use, as the caller names it (routed through the routing rules).
   */
  'model': (string);
  /**
   * Optional explicit provider, `providers/{provider}`: bypasses routing rules.
   */
  'provider': (string);
  /**
   * The conversation, oldest first. At least one message.
   */
  'messages': (_llmrouter_v1_Message__Output)[];
  /**
   * Sampling and length settings.
   */
  'generation': (_llmrouter_v1_GenerationConfig__Output | null);
  /**
   * Functions the model may call.
   */
  'tools': (_llmrouter_v1_Tool__Output)[];
  /**
   * How the model may use the tools.
   */
  'toolChoice': (_llmrouter_v1_ToolChoice__Output | null);
  /**
   * Free-form caller labels, kept in the request log (at most 16 entries).
   */
  'metadata': ({[key: string]: string});
  /**
   * Caller-chosen id for tracing; the server assigns one when empty.
   */
  'requestId': (string);
  /**
   * A raw text prompt (legacy text completions) instead of `messages`: the model
   * continues it as is, without a chat template. Served by local models and
   * OpenAI-type providers; refused (INVALID_ARGUMENT naming `prompt`) elsewhere.
   */
  'prompt': (string);
}
