// Original file: llmrouter/v1/chat_service.proto

import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from '../../llmrouter/v1/Message';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from '../../llmrouter/v1/ChatSummary';

/**
 * Response of Chat.
 */
export interface ChatResponse {
  /**
   * The assistant's message: text and any tool calls.
   */
  'message'?: (_llmrouter_v1_Message | null);
  /**
   * Reasoning text, where the model exposes it.
   */
  'reasoning'?: (string);
  /**
   * Finish reason, usage and which target served.
   */
  'summary'?: (_llmrouter_v1_ChatSummary | null);
}

/**
 * Response of Chat.
 */
export interface ChatResponse__Output {
  /**
   * The assistant's message: text and any tool calls.
   */
  'message': (_llmrouter_v1_Message__Output | null);
  /**
   * Reasoning text, where the model exposes it.
   */
  'reasoning': (string);
  /**
   * Finish reason, usage and which target served.
   */
  'summary': (_llmrouter_v1_ChatSummary__Output | null);
}
