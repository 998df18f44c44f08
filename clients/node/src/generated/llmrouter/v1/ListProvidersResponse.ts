// Original file: llmrouter/v1/provider_admin_service.proto

import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from '../../llmrouter/v1/Provider';

/**
 * Response of ListProviders.
 */
export interface ListProvidersResponse {
  /**
   * The providers.
   */
  'providers'?: (_llmrouter_v1_Provider)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListProviders.
 */
export interface ListProvidersResponse__Output {
  /**
   * The providers.
   */
  'providers': (_llmrouter_v1_Provider__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
