// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Response of UnloadProviderModel.
 */
export interface UnloadProviderModelResponse {
  /**
   * Whether the model was loaded (false: it was not in memory).
   */
  'unloaded'?: (boolean);
}

/**
 * Response of UnloadProviderModel.
 */
export interface UnloadProviderModelResponse__Output {
  /**
   * Whether the model was loaded (false: it was not in memory).
   */
  'unloaded': (boolean);
}
