// Original file: llmrouter/v1/chat_service.proto

import type { ChatDelta as _llmrouter_v1_ChatDelta, ChatDelta__Output as _llmrouter_v1_ChatDelta__Output } from '../../llmrouter/v1/ChatDelta';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from '../../llmrouter/v1/ChatSummary';

/**
 * One message of the StreamChat stream.
 */
export interface StreamChatResponse {
  /**
   * Incremental output.
   */
  'delta'?: (_llmrouter_v1_ChatDelta | null);
  /**
   * Sent once, last, only on success.
   */
  'summary'?: (_llmrouter_v1_ChatSummary | null);
  /**
   * A delta, or the summary that ends a successful stream.
   */
  'event'?: "delta"|"summary";
}

/**
 * One message of the StreamChat stream.
 */
export interface StreamChatResponse__Output {
  /**
   * Incremental output.
   */
  'delta'?: (_llmrouter_v1_ChatDelta__Output | null);
  /**
   * Sent once, last, only on success.
   */
  'summary'?: (_llmrouter_v1_ChatSummary__Output | null);
  /**
   * A delta, or the summary that ends a successful stream.
   */
  'event'?: "delta"|"summary";
}
