// Original file: llmrouter/v1/limit_service.proto


/**
 * Request of DeleteLimit.
 */
export interface DeleteLimitRequest {
  /**
   * `limits/{limit}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeleteLimit.
 */
export interface DeleteLimitRequest__Output {
  /**
   * `limits/{limit}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
