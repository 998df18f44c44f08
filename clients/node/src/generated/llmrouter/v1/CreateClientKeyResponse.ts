// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';

/**
 * Response of CreateClientKey.
 */
export interface CreateClientKeyResponse {
  /**
   * The created key.
   */
  'clientKey'?: (_llmrouter_v1_ClientKey | null);
  /**
   * The key to send as `authorization: Bearer <secret>`. Shown only here, never again.
   */
  'secret'?: (string);
}

/**
 * Response of CreateClientKey.
 */
export interface CreateClientKeyResponse__Output {
  /**
   * The created key.
   */
  'clientKey': (_llmrouter_v1_ClientKey__Output | null);
  /**
   * The key to send as `authorization: Bearer <secret>`. Shown only here, never again.
   */
  'secret': (string);
}
