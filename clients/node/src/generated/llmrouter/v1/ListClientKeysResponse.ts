// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';

/**
 * Response of ListClientKeys.
 */
export interface ListClientKeysResponse {
  /**
   * The keys, oldest first.
   */
  'clientKeys'?: (_llmrouter_v1_ClientKey)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListClientKeys.
 */
export interface ListClientKeysResponse__Output {
  /**
   * The keys, oldest first.
   */
  'clientKeys': (_llmrouter_v1_ClientKey__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
