// Original file: llmrouter/v1/provider_admin_service.proto

import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';

/**
 * Response of CreateProviderModel.
 */
export interface CreateProviderModelResponse {
  /**
   * The registered model.
   */
  'providerModel'?: (_llmrouter_v1_ProviderModel | null);
}

/**
 * Response of CreateProviderModel.
 */
export interface CreateProviderModelResponse__Output {
  /**
   * The registered model.
   */
  'providerModel': (_llmrouter_v1_ProviderModel__Output | null);
}
