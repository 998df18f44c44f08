// Original file: llmrouter/v1/chat_service.proto

import type { Embedding as _llmrouter_v1_Embedding, Embedding__Output as _llmrouter_v1_Embedding__Output } from '../../llmrouter/v1/Embedding';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from '../../llmrouter/v1/Usage';
import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from '../../llmrouter/v1/ServedBy';

/**
 * Response of Embed.
 */
export interface EmbedResponse {
  /**
   * One vector per input, in input order.
   */
  'embeddings'?: (_llmrouter_v1_Embedding)[];
  /**
   * Token accounting (completion_tokens is 0).
   */
  'usage'?: (_llmrouter_v1_Usage | null);
  /**
   * Which target served.
   */
  'servedBy'?: (_llmrouter_v1_ServedBy | null);
}

/**
 * Response of Embed.
 */
export interface EmbedResponse__Output {
  /**
   * One vector per input, in input order.
   */
  'embeddings': (_llmrouter_v1_Embedding__Output)[];
  /**
   * Token accounting (completion_tokens is 0).
   */
  'usage': (_llmrouter_v1_Usage__Output | null);
  /**
   * Which target served.
   */
  'servedBy': (_llmrouter_v1_ServedBy__Output | null);
}
