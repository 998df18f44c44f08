// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Response of DeleteProvider.
 */
export interface DeleteProviderResponse {
}

/**
 * Response of DeleteProvider.
 */
export interface DeleteProviderResponse__Output {
}
