// Original file: llmrouter/v1/chat_service.proto

import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from '../../llmrouter/v1/Message';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from '../../llmrouter/v1/ChatSummary';
import type { TokenLogprob as _llmrouter_v1_TokenLogprob, TokenLogprob__Output as _llmrouter_v1_TokenLogprob__Output } from '../../llmrouter/v1/TokenLogprob';

/**
 * Response of Chat.
 */
export interface ChatResponse {
  /**
   * The assistant's message: text and any tool calls.
   */
  'message'?: (_llmrouter_v1_Message | null);
  /**
   * Reasoning text, where the model exposes it (all blocks joined; the blocks with
   * their signatures are in `message.reasoning`).
   */
  'reasoning'?: (string);
  /**
   * Finish reason, usage and which target served.
   */
  'summary'?: (_llmrouter_v1_ChatSummary | null);
  /**
   * Log probabilities of the answer's tokens (with `GenerationConfig.logprobs`).
   */
  'logprobs'?: (_llmrouter_v1_TokenLogprob)[];
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
   * Reasoning text, where the model exposes it (all blocks joined; the blocks with
   * their signatures are in `message.reasoning`).
   */
  'reasoning': (string);
  /**
   * Finish reason, usage and which target served.
   */
  'summary': (_llmrouter_v1_ChatSummary__Output | null);
  /**
   * Log probabilities of the answer's tokens (with `GenerationConfig.logprobs`).
   */
  'logprobs': (_llmrouter_v1_TokenLogprob__Output)[];
}
