// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of DeleteProvider.
 */
export interface DeleteProviderRequest {
  /**
   * `providers/{provider}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeleteProvider.
 */
export interface DeleteProviderRequest__Output {
  /**
   * `providers/{provider}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
