// Original file: llmrouter/v1/price_service.proto


/**
 * Request of DeletePrice.
 */
export interface DeletePriceRequest {
  /**
   * `prices/{price}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeletePrice.
 */
export interface DeletePriceRequest__Output {
  /**
   * `prices/{price}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
