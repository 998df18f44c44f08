// Original file: llmrouter/v1/chat.proto

import type { FinishReason as _llmrouter_v1_FinishReason, FinishReason__Output as _llmrouter_v1_FinishReason__Output } from '../../llmrouter/v1/FinishReason';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from '../../llmrouter/v1/Usage';
import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from '../../llmrouter/v1/ServedBy';

/**
 * The closing facts of a successful call, sent once, last.
 */
export interface ChatSummary {
  /**
   * Why generation ended.
   */
  'finishReason'?: (_llmrouter_v1_FinishReason);
  /**
   * Token accounting.
   */
  'usage'?: (_llmrouter_v1_Usage | null);
  /**
   * Which target served, after how many attempts.
   */
  'servedBy'?: (_llmrouter_v1_ServedBy | null);
  /**
   * The request id (the caller's, or one assigned by the server).
   */
  'requestId'?: (string);
  /**
   * The caller's stop sequence that ended generation (FINISH_REASON_STOP_SEQUENCE).
   */
  'stopSequence'?: (string);
}

/**
 * The closing facts of a successful call, sent once, last.
 */
export interface ChatSummary__Output {
  /**
   * Why generation ended.
   */
  'finishReason': (_llmrouter_v1_FinishReason__Output);
  /**
   * Token accounting.
   */
  'usage': (_llmrouter_v1_Usage__Output | null);
  /**
   * Which target served, after how many attempts.
   */
  'servedBy': (_llmrouter_v1_ServedBy__Output | null);
  /**
   * The request id (the caller's, or one assigned by the server).
   */
  'requestId': (string);
  /**
   * The caller's stop sequence that ended generation (FINISH_REASON_STOP_SEQUENCE).
   */
  'stopSequence': (string);
}
