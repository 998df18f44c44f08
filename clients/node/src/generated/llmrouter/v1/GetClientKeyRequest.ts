// Original file: llmrouter/v1/client_key_service.proto


/**
 * Request of GetClientKey.
 */
export interface GetClientKeyRequest {
  /**
   * `clientKeys/{client_key}`.
   */
  'name'?: (string);
}

/**
 * Request of GetClientKey.
 */
export interface GetClientKeyRequest__Output {
  /**
   * `clientKeys/{client_key}`.
   */
  'name': (string);
}
