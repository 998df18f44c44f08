// Original file: llmrouter/v1/client_key_service.proto


/**
 * Response of DeleteClientKey.
 */
export interface DeleteClientKeyResponse {
}

/**
 * Response of DeleteClientKey.
 */
export interface DeleteClientKeyResponse__Output {
}
