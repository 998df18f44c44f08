// Original file: llmrouter/v1/price.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

/**
 * What a provider charges for a model, per million tokens, in millionths of `currency`
 * (2500000 is 2.50). The request log records each call's cost at the price in force when it
 * was made (the newest effective_time not after it); a call to a model without a price is
 * unpriced (no cost), never free.
 */
export interface Price {
  /**
   * Resource name, `prices/{price}`. Output only; chosen by CreatePriceRequest.price_id.
   */
  'name'?: (string);
  /**
   * The provider, `providers/{provider}`. Required.
   */
  'provider'?: (string);
  /**
   * The model name sent upstream (what `served_by.model` reports). Required.
   */
  'model'?: (string);
  /**
   * Prompt tokens not read from or written to a cache.
   */
  'inputMicrosPerMtok'?: (number | string | Long);
  /**
   * Completion tokens (reasoning included).
   */
  'outputMicrosPerMtok'?: (number | string | Long);
  /**
   * Prompt tokens read from the provider's cache; unset: the input price.
   */
  'cacheReadMicrosPerMtok'?: (number | string | Long);
  /**
   * Prompt tokens written to the provider's cache; unset: the input price.
   */
  'cacheWriteMicrosPerMtok'?: (number | string | Long);
  /**
   * ISO 4217 code. Defaults to USD.
   */
  'currency'?: (string);
  /**
   * In force from this time; unset on create: always.
   */
  'effectiveTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Where the figures come from (e.g. the provider's pricing page and the date it was read).
   */
  'source'?: (string);
  /**
   * Creation time. Output only.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Last update time. Output only.
   */
  'updateTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag'?: (string);
  '_cacheReadMicrosPerMtok'?: "cacheReadMicrosPerMtok";
  '_cacheWriteMicrosPerMtok'?: "cacheWriteMicrosPerMtok";
}

/**
 * What a provider charges for a model, per million tokens, in millionths of `currency`
 * (2500000 is 2.50). The request log records each call's cost at the price in force when it
 * was made (the newest effective_time not after it); a call to a model without a price is
 * unpriced (no cost), never free.
 */
export interface Price__Output {
  /**
   * Resource name, `prices/{price}`. Output only; chosen by CreatePriceRequest.price_id.
   */
  'name': (string);
  /**
   * The provider, `providers/{provider}`. Required.
   */
  'provider': (string);
  /**
   * The model name sent upstream (what `served_by.model` reports). Required.
   */
  'model': (string);
  /**
   * Prompt tokens not read from or written to a cache.
   */
  'inputMicrosPerMtok': (string);
  /**
   * Completion tokens (reasoning included).
   */
  'outputMicrosPerMtok': (string);
  /**
   * Prompt tokens read from the provider's cache; unset: the input price.
   */
  'cacheReadMicrosPerMtok'?: (string);
  /**
   * Prompt tokens written to the provider's cache; unset: the input price.
   */
  'cacheWriteMicrosPerMtok'?: (string);
  /**
   * ISO 4217 code. Defaults to USD.
   */
  'currency': (string);
  /**
   * In force from this time; unset on create: always.
   */
  'effectiveTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Where the figures come from (e.g. the provider's pricing page and the date it was read).
   */
  'source': (string);
  /**
   * Creation time. Output only.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Last update time. Output only.
   */
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag': (string);
  '_cacheReadMicrosPerMtok'?: "cacheReadMicrosPerMtok";
  '_cacheWriteMicrosPerMtok'?: "cacheWriteMicrosPerMtok";
}
