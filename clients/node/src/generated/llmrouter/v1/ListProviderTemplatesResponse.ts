// Original file: llmrouter/v1/provider_admin_service.proto

import type { ProviderTemplate as _llmrouter_v1_ProviderTemplate, ProviderTemplate__Output as _llmrouter_v1_ProviderTemplate__Output } from '../../llmrouter/v1/ProviderTemplate';

/**
 * Response of ListProviderTemplates.
 */
export interface ListProviderTemplatesResponse {
  /**
   * The catalogue.
   */
  'templates'?: (_llmrouter_v1_ProviderTemplate)[];
}

/**
 * Response of ListProviderTemplates.
 */
export interface ListProviderTemplatesResponse__Output {
  /**
   * The catalogue.
   */
  'templates': (_llmrouter_v1_ProviderTemplate__Output)[];
}
