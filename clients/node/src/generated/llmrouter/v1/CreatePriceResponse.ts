// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';

/**
 * Response of CreatePrice.
 */
export interface CreatePriceResponse {
  /**
   * The created price.
   */
  'price'?: (_llmrouter_v1_Price | null);
}

/**
 * Response of CreatePrice.
 */
export interface CreatePriceResponse__Output {
  /**
   * The created price.
   */
  'price': (_llmrouter_v1_Price__Output | null);
}
