// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';

/**
 * Response of GetClientKey.
 */
export interface GetClientKeyResponse {
  /**
   * The key.
   */
  'clientKey'?: (_llmrouter_v1_ClientKey | null);
}

/**
 * Response of GetClientKey.
 */
export interface GetClientKeyResponse__Output {
  /**
   * The key.
   */
  'clientKey': (_llmrouter_v1_ClientKey__Output | null);
}
