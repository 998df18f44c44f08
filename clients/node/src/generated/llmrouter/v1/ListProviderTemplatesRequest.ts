// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * Request of ListProviderTemplates.
 */
export interface ListProviderTemplatesRequest {
}

/**
 * Request of ListProviderTemplates.
 */
export interface ListProviderTemplatesRequest__Output {
}
