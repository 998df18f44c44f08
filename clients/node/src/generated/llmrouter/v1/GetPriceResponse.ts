// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';

/**
 * Response of GetPrice.
 */
export interface GetPriceResponse {
  /**
   * The price.
   */
  'price'?: (_llmrouter_v1_Price | null);
}

/**
 * Response of GetPrice.
 */
export interface GetPriceResponse__Output {
  /**
   * The price.
   */
  'price': (_llmrouter_v1_Price__Output | null);
}
