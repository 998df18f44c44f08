// Original file: llmrouter/v1/provider_admin_service.proto

import type { DiscoveredModel as _llmrouter_v1_DiscoveredModel, DiscoveredModel__Output as _llmrouter_v1_DiscoveredModel__Output } from '../../llmrouter/v1/DiscoveredModel';
import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';

/**
 * Response of DiscoverProviderModels.
 */
export interface DiscoverProviderModelsResponse {
  /**
   * The provider's models.
   */
  'models'?: (_llmrouter_v1_DiscoveredModel)[];
  /**
   * The models this call registered (with `save`).
   */
  'saved'?: (_llmrouter_v1_ProviderModel)[];
}

/**
 * Response of DiscoverProviderModels.
 */
export interface DiscoverProviderModelsResponse__Output {
  /**
   * The provider's models.
   */
  'models': (_llmrouter_v1_DiscoveredModel__Output)[];
  /**
   * The models this call registered (with `save`).
   */
  'saved': (_llmrouter_v1_ProviderModel__Output)[];
}
