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
  /**
   * Also delete the provider's models. Without it, deleting a provider that still has
   * models is FAILED_PRECONDITION (AIP-135).
   */
  'force'?: (boolean);
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
  /**
   * Also delete the provider's models. Without it, deleting a provider that still has
   * models is FAILED_PRECONDITION (AIP-135).
   */
  'force': (boolean);
}
