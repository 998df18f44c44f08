// Original file: llmrouter/v1/provider_admin_service.proto

import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';

/**
 * Response of ListProviderModels.
 */
export interface ListProviderModelsResponse {
  /**
   * The models.
   */
  'providerModels'?: (_llmrouter_v1_ProviderModel)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListProviderModels.
 */
export interface ListProviderModelsResponse__Output {
  /**
   * The models.
   */
  'providerModels': (_llmrouter_v1_ProviderModel__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
