// Original file: llmrouter/v1/routing_service.proto


/**
 * Response of DeleteRoute.
 */
export interface DeleteRouteResponse {
}

/**
 * Response of DeleteRoute.
 */
export interface DeleteRouteResponse__Output {
}
