// Original file: llmrouter/v1/limit_service.proto


/**
 * Response of DeleteLimit.
 */
export interface DeleteLimitResponse {
}

/**
 * Response of DeleteLimit.
 */
export interface DeleteLimitResponse__Output {
}
