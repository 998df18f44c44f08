// Original file: llmrouter/v1/chat.proto

import type { ImageDetail as _llmrouter_v1_ImageDetail, ImageDetail__Output as _llmrouter_v1_ImageDetail__Output } from '../../llmrouter/v1/ImageDetail';

/**
 * An image input: its bytes, or a URL the provider fetches.
 */
export interface ImagePart {
  /**
   * The encoded image (PNG, JPEG, GIF or WebP); `media_type` is required with it.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * An https URL (or a `data:` URL) of the image.
   */
  'url'?: (string);
  /**
   * The image's MIME type, e.g. `image/png`. Required with `data`.
   */
  'mediaType'?: (string);
  /**
   * How closely the model should look (OpenAI `detail`); unset is the provider's default.
   */
  'detail'?: (_llmrouter_v1_ImageDetail);
  /**
   * Where the image comes from.
   */
  'source'?: "data"|"url";
}

/**
 * An image input: its bytes, or a URL the provider fetches.
 */
export interface ImagePart__Output {
  /**
   * The encoded image (PNG, JPEG, GIF or WebP); `media_type` is required with it.
   */
  'data'?: (Buffer);
  /**
   * An https URL (or a `data:` URL) of the image.
   */
  'url'?: (string);
  /**
   * The image's MIME type, e.g. `image/png`. Required with `data`.
   */
  'mediaType': (string);
  /**
   * How closely the model should look (OpenAI `detail`); unset is the provider's default.
   */
  'detail': (_llmrouter_v1_ImageDetail__Output);
  /**
   * Where the image comes from.
   */
  'source'?: "data"|"url";
}
