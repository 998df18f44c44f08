// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';

/**
 * Response of UpdatePrice.
 */
export interface UpdatePriceResponse {
  /**
   * The updated price.
   */
  'price'?: (_llmrouter_v1_Price | null);
}

/**
 * Response of UpdatePrice.
 */
export interface UpdatePriceResponse__Output {
  /**
   * The updated price.
   */
  'price': (_llmrouter_v1_Price__Output | null);
}
