// Original file: llmrouter/v1/limit_service.proto


/**
 * Request of ListLimits.
 */
export interface ListLimitsRequest {
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
 * Request of ListLimits.
 */
export interface ListLimitsRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
