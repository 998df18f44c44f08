// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdatePrice.
 */
export interface UpdatePriceRequest {
  /**
   * The price with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'price'?: (_llmrouter_v1_Price | null);
  /**
   * Fields to update: `provider`, `model`, `input_micros_per_mtok`, `output_micros_per_mtok`,
   * `cache_read_micros_per_mtok`, `cache_write_micros_per_mtok`, `currency`, `effective_time`,
   * `source`. An empty mask updates those of them that are set in `price`; `*` replaces
   * all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdatePrice.
 */
export interface UpdatePriceRequest__Output {
  /**
   * The price with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'price': (_llmrouter_v1_Price__Output | null);
  /**
   * Fields to update: `provider`, `model`, `input_micros_per_mtok`, `output_micros_per_mtok`,
   * `cache_read_micros_per_mtok`, `cache_write_micros_per_mtok`, `currency`, `effective_time`,
   * `source`. An empty mask updates those of them that are set in `price`; `*` replaces
   * all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
