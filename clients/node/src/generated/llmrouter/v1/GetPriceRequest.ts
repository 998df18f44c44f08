// Original file: llmrouter/v1/price_service.proto


/**
 * Request of GetPrice.
 */
export interface GetPriceRequest {
  /**
   * `prices/{price}`.
   */
  'name'?: (string);
}

/**
 * Request of GetPrice.
 */
export interface GetPriceRequest__Output {
  /**
   * `prices/{price}`.
   */
  'name': (string);
}
