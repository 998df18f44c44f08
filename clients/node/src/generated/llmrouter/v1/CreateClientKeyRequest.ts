// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';

/**
 * Request of CreateClientKey.
 */
export interface CreateClientKeyRequest {
  /**
   * The key to create (`scopes` required).
   */
  'clientKey'?: (_llmrouter_v1_ClientKey | null);
}

/**
 * Request of CreateClientKey.
 */
export interface CreateClientKeyRequest__Output {
  /**
   * The key to create (`scopes` required).
   */
  'clientKey': (_llmrouter_v1_ClientKey__Output | null);
}
