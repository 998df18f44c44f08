// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of ListProviders.
 */
export interface ListProvidersRequest {
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
 * Request of ListProviders.
 */
export interface ListProvidersRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
