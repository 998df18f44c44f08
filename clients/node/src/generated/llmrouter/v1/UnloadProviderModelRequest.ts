// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of UnloadProviderModel.
 */
export interface UnloadProviderModelRequest {
  /**
   * `providers/{provider}/models/{model}` of an MLX provider.
   */
  'name'?: (string);
}

/**
 * Request of UnloadProviderModel.
 */
export interface UnloadProviderModelRequest__Output {
  /**
   * `providers/{provider}/models/{model}` of an MLX provider.
   */
  'name': (string);
}
