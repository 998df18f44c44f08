// Original file: llmrouter/v1/chat_service.proto

import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from '../../llmrouter/v1/Message';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from '../../llmrouter/v1/GenerationConfig';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from '../../llmrouter/v1/Tool';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from '../../llmrouter/v1/ToolChoice';

/**
 * Request of Chat; the same fields as StreamChatRequest.
 */
export interface ChatRequest {
  /**
   * The model to use, as the caller names it.
   */
  'model'?: (string);
  /**
   * Optional explicit provider, `providers/{provider}`.
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
   * Free-form caller labels.
   */
  'metadata'?: ({[key: string]: string});
  /**
   * Caller-chosen id for tracing.
   */
  'requestId'?: (string);
  /**
   * A raw text prompt instead of `messages` (see StreamChatRequest.prompt).
   */
  'prompt'?: (string);
}

/**
 * Request of Chat; the same fields as StreamChatRequest.
 */
export interface ChatRequest__Output {
  /**
   * The model to use, as the caller names it.
   */
  'model': (string);
  /**
   * Optional explicit provider, `providers/{provider}`.
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
   * Free-form caller labels.
   */
  'metadata': ({[key: string]: string});
  /**
   * Caller-chosen id for tracing.
   */
  'requestId': (string);
  /**
   * A raw text prompt instead of `messages` (see StreamChatRequest.prompt).
   */
  'prompt': (string);
}
