// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Response of DeleteProviderModel.
 */
export interface DeleteProviderModelResponse {
}

/**
 * Response of DeleteProviderModel.
 */
export interface DeleteProviderModelResponse__Output {
}
