// Original file: llmrouter/v1/price_service.proto

import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from '../../llmrouter/v1/Price';

/**
 * Response of ListPrices.
 */
export interface ListPricesResponse {
  /**
   * The prices, by name.
   */
  'prices'?: (_llmrouter_v1_Price)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListPrices.
 */
export interface ListPricesResponse__Output {
  /**
   * The prices, by name.
   */
  'prices': (_llmrouter_v1_Price__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
