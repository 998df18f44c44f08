// Original file: llmrouter/v1/chat_service.proto


/**
 * Request of ListModels.
 */
export interface ListModelsRequest {
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
 * Request of ListModels.
 */
export interface ListModelsRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
}
