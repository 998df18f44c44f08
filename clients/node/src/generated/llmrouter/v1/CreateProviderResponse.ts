// Original file: llmrouter/v1/provider_admin_service.proto

import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from '../../llmrouter/v1/Provider';

/**
 * Response of CreateProvider.
 */
export interface CreateProviderResponse {
  /**
   * The created provider.
   */
  'provider'?: (_llmrouter_v1_Provider | null);
}

/**
 * Response of CreateProvider.
 */
export interface CreateProviderResponse__Output {
  /**
   * The created provider.
   */
  'provider': (_llmrouter_v1_Provider__Output | null);
}
