// Original file: llmrouter/v1/price_service.proto


/**
 * Request of ListPrices.
 */
export interface ListPricesRequest {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize'?: (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken'?: (string);
}

/**
 * Request of ListPrices.
 */
export interface ListPricesRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
