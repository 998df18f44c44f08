// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';

/**
 * Response of UpdateClientKey.
 */
export interface UpdateClientKeyResponse {
  /**
   * The updated key.
   */
  'clientKey'?: (_llmrouter_v1_ClientKey | null);
}

/**
 * Response of UpdateClientKey.
 */
export interface UpdateClientKeyResponse__Output {
  /**
   * The updated key.
   */
  'clientKey': (_llmrouter_v1_ClientKey__Output | null);
}
