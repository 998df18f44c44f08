// Original file: llmrouter/v1/chat.proto

import type { CacheType as _llmrouter_v1_CacheType, CacheType__Output as _llmrouter_v1_CacheType__Output } from '../../llmrouter/v1/CacheType';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';

/**
 * A prompt-caching hint (Anthropic `cache_control`; providers that cache on their own
 * ignore it).
 */
export interface CacheControl {
  /**
   * The kind of cache entry.
   */
  'type'?: (_llmrouter_v1_CacheType);
  /**
   * How long the entry should live (Anthropic accepts 5 minutes or 1 hour); unset is the
   * provider's default.
   */
  'ttl'?: (_google_protobuf_Duration | null);
}

/**
 * A prompt-caching hint (Anthropic `cache_control`; providers that cache on their own
 * ignore it).
 */
export interface CacheControl__Output {
  /**
   * The kind of cache entry.
   */
  'type': (_llmrouter_v1_CacheType__Output);
  /**
   * How long the entry should live (Anthropic accepts 5 minutes or 1 hour); unset is the
   * provider's default.
   */
  'ttl': (_google_protobuf_Duration__Output | null);
}
