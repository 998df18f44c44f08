// Original file: llmrouter/v1/chat.proto

import type { ImagePart as _llmrouter_v1_ImagePart, ImagePart__Output as _llmrouter_v1_ImagePart__Output } from '../../llmrouter/v1/ImagePart';
import type { DocumentPart as _llmrouter_v1_DocumentPart, DocumentPart__Output as _llmrouter_v1_DocumentPart__Output } from '../../llmrouter/v1/DocumentPart';
import type { CacheControl as _llmrouter_v1_CacheControl, CacheControl__Output as _llmrouter_v1_CacheControl__Output } from '../../llmrouter/v1/CacheControl';

/**
 * One part of a message's content.
 */
export interface ContentPart {
  /**
   * Text.
   */
  'text'?: (string);
  /**
   * An image.
   */
  'image'?: (_llmrouter_v1_ImagePart | null);
  /**
   * A document (PDF), for providers that read them.
   */
  'document'?: (_llmrouter_v1_DocumentPart | null);
  /**
   * Prompt-caching hint: everything up to and including this part may be cached.
   */
  'cacheControl'?: (_llmrouter_v1_CacheControl | null);
  /**
   * The part.
   */
  'part'?: "text"|"image"|"document";
}

/**
 * One part of a message's content.
 */
export interface ContentPart__Output {
  /**
   * Text.
   */
  'text'?: (string);
  /**
   * An image.
   */
  'image'?: (_llmrouter_v1_ImagePart__Output | null);
  /**
   * A document (PDF), for providers that read them.
   */
  'document'?: (_llmrouter_v1_DocumentPart__Output | null);
  /**
   * Prompt-caching hint: everything up to and including this part may be cached.
   */
  'cacheControl': (_llmrouter_v1_CacheControl__Output | null);
  /**
   * The part.
   */
  'part'?: "text"|"image"|"document";
}
