// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of GetProvider.
 */
export interface GetProviderRequest {
  /**
   * `providers/{provider}`.
   */
  'name'?: (string);
}

/**
 * Request of GetProvider.
 */
export interface GetProviderRequest__Output {
  /**
   * `providers/{provider}`.
   */
  'name': (string);
}
