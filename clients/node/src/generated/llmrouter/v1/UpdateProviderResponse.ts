// Original file: llmrouter/v1/provider_admin_service.proto

import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from '../../llmrouter/v1/Provider';

/**
 * Response of UpdateProvider.
 */
export interface UpdateProviderResponse {
  /**
   * The updated provider.
   */
  'provider'?: (_llmrouter_v1_Provider | null);
}

/**
 * Response of UpdateProvider.
 */
export interface UpdateProviderResponse__Output {
  /**
   * The updated provider.
   */
  'provider': (_llmrouter_v1_Provider__Output | null);
}
