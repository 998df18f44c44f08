// Original file: llmrouter/v1/client_key_service.proto


/**
 * Request of ListClientKeys.
 */
export interface ListClientKeysRequest {
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
 * Request of ListClientKeys.
 */
export interface ListClientKeysRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
