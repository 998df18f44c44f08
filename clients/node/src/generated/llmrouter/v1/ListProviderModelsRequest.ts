// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of ListProviderModels.
 */
export interface ListProviderModelsRequest {
  /**
   * The provider, `providers/{provider}`.
   */
  'parent'?: (string);
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
 * Request of ListProviderModels.
 */
export interface ListProviderModelsRequest__Output {
  /**
   * The provider, `providers/{provider}`.
   */
  'parent': (string);
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
