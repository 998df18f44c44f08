// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of DeleteProviderModel.
 */
export interface DeleteProviderModelRequest {
  /**
   * `providers/{provider}/models/{model}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeleteProviderModel.
 */
export interface DeleteProviderModelRequest__Output {
  /**
   * `providers/{provider}/models/{model}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
