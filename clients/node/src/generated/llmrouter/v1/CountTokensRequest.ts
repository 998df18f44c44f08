// Original file: llmrouter/v1/chat_service.proto

import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from '../../llmrouter/v1/Message';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from '../../llmrouter/v1/GenerationConfig';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from '../../llmrouter/v1/Tool';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from '../../llmrouter/v1/ToolChoice';

/**
 * Request of CountTokens: the inputs of a Chat request (generation settings are
 * read for what changes the prompt, e.g. reasoning).
 */
export interface CountTokensRequest {
  /**
   * The model, as the caller names it (routed through the routing rules).
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
   * Generation settings that shape the prompt.
   */
  'generation'?: (_llmrouter_v1_GenerationConfig | null);
  /**
   * Functions the model may call (they count as input).
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
}

/**
 * Request of CountTokens: the inputs of a Chat request (generation settings are
 * read for what changes the prompt, e.g. reasoning).
 */
export interface CountTokensRequest__Output {
  /**
   * The model, as the caller names it (routed through the routing rules).
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
   * Generation settings that shape the prompt.
   */
  'generation': (_llmrouter_v1_GenerationConfig__Output | null);
  /**
   * Functions the model may call (they count as input).
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
}
