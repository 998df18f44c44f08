// Original file: llmrouter/v1/provider_admin_service.proto

import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';

/**
 * Request of CreateProviderModel.
 */
export interface CreateProviderModelRequest {
  /**
   * The provider, `providers/{provider}`.
   */
  'parent'?: (string);
  /**
   * The model to register; `model_id` is required.
   */
  'providerModel'?: (_llmrouter_v1_ProviderModel | null);
}

/**
 * Request of CreateProviderModel.
 */
export interface CreateProviderModelRequest__Output {
  /**
   * The provider, `providers/{provider}`.
   */
  'parent': (string);
  /**
   * The model to register; `model_id` is required.
   */
  'providerModel': (_llmrouter_v1_ProviderModel__Output | null);
}
