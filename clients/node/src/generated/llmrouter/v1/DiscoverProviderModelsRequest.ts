// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of DiscoverProviderModels.
 */
export interface DiscoverProviderModelsRequest {
  /**
   * `providers/{provider}`.
   */
  'name'?: (string);
  /**
   * Register the discovered models that are not registered yet.
   */
  'save'?: (boolean);
}

/**
 * Request of DiscoverProviderModels.
 */
export interface DiscoverProviderModelsRequest__Output {
  /**
   * `providers/{provider}`.
   */
  'name': (string);
  /**
   * Register the discovered models that are not registered yet.
   */
  'save': (boolean);
}
