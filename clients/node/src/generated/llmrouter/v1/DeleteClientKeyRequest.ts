// Original file: llmrouter/v1/client_key_service.proto


/**
 * Request of DeleteClientKey.
 */
export interface DeleteClientKeyRequest {
  /**
   * `clientKeys/{client_key}`.
   */
  'name'?: (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag'?: (string);
}

/**
 * Request of DeleteClientKey.
 */
export interface DeleteClientKeyRequest__Output {
  /**
   * `clientKeys/{client_key}`.
   */
  'name': (string);
  /**
   * When set, must match the stored etag (else ABORTED).
   */
  'etag': (string);
}
