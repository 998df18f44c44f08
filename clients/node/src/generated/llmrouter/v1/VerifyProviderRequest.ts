// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of VerifyProvider.
 */
export interface VerifyProviderRequest {
  /**
   * `providers/{provider}`.
   */
  'name'?: (string);
  /**
   * Model to try; the provider's default model when empty (else `GET /models`).
   */
  'model'?: (string);
}

/**
 * Request of VerifyProvider.
 */
export interface VerifyProviderRequest__Output {
  /**
   * `providers/{provider}`.
   */
  'name': (string);
  /**
   * Model to try; the provider's default model when empty (else `GET /models`).
   */
  'model': (string);
}
