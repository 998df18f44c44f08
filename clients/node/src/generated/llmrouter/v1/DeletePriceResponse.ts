// Original file: llmrouter/v1/price_service.proto


/**
 * Response of DeletePrice.
 */
export interface DeletePriceResponse {
}

/**
 * Response of DeletePrice.
 */
export interface DeletePriceResponse__Output {
}
