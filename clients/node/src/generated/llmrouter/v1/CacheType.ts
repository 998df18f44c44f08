// Original file: llmrouter/v1/chat.proto

/**
 * The kind of a cache entry.
 */
export const CacheType = {
  /**
   * No caching hint.
   */
  CACHE_TYPE_UNSPECIFIED: 'CACHE_TYPE_UNSPECIFIED',
  /**
   * A short-lived cache entry.
   */
  CACHE_TYPE_EPHEMERAL: 'CACHE_TYPE_EPHEMERAL',
} as const;

/**
 * The kind of a cache entry.
 */
export type CacheType =
  /**
   * No caching hint.
   */
  | 'CACHE_TYPE_UNSPECIFIED'
  | 0
  /**
   * A short-lived cache entry.
   */
  | 'CACHE_TYPE_EPHEMERAL'
  | 1

/**
 * The kind of a cache entry.
 */
export type CacheType__Output = typeof CacheType[keyof typeof CacheType]
