// Original file: llmrouter/v1/provider_admin_service.proto

import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from '../../llmrouter/v1/Provider';

/**
 * Request of CreateProvider.
 */
export interface CreateProviderRequest {
  /**
   * The provider to create. `display_name` is required; `api_type` is required unless
   * `template` is given.
   */
  'provider'?: (_llmrouter_v1_Provider | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Derived from the display name when empty.
   */
  'providerId'?: (string);
}

/**
 * Request of CreateProvider.
 */
export interface CreateProviderRequest__Output {
  /**
   * The provider to create. `display_name` is required; `api_type` is required unless
   * `template` is given.
   */
  'provider': (_llmrouter_v1_Provider__Output | null);
  /**
   * The id part of the resource name: lowercase letters, digits and `-`, starting with a
   * letter, at most 63 characters. Derived from the display name when empty.
   */
  'providerId': (string);
}
