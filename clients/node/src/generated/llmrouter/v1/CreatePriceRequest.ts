// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';

/**
 * Request of CreatePrice.
 */
export interface CreatePriceRequest {
  /**
   * The price to create.
   */
  'price'?: (_llmrouter_v1_Price | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'priceId'?: (string);
}

/**
 * Request of CreatePrice.
 */
export interface CreatePriceRequest__Output {
  /**
   * The price to create.
   */
  'price': (_llmrouter_v1_Price__Output | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Generated when empty.
   */
  'priceId': (string);
}
