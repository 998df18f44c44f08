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
  /**
   * A candidate API key to test instead of the stored one, before saving it. Input only:
   * never stored, logged or returned.
   */
  'apiKey'?: (string);
  /**
   * A candidate base URL to test instead of the stored one (http or https), before saving it.
   */
  'baseUrl'?: (string);
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
  /**
   * A candidate API key to test instead of the stored one, before saving it. Input only:
   * never stored, logged or returned.
   */
  'apiKey': (string);
  /**
   * A candidate base URL to test instead of the stored one (http or https), before saving it.
   */
  'baseUrl': (string);
}
