// Original file: llmrouter/v1/limit_service.proto


/**
 * Request of GetLimit.
 */
export interface GetLimitRequest {
  /**
   * `limits/{limit}`.
   */
  'name'?: (string);
}

/**
 * Request of GetLimit.
 */
export interface GetLimitRequest__Output {
  /**
   * `limits/{limit}`.
   */
  'name': (string);
}
