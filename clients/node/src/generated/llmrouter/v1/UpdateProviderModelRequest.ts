// Original file: llmrouter/v1/provider_admin_service.proto

import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdateProviderModel.
 */
export interface UpdateProviderModelRequest {
  /**
   * The model with its `name` set and the new values of the masked fields.
   */
  'providerModel'?: (_llmrouter_v1_ProviderModel | null);
  /**
   * Fields to update: `display_name`, `is_default`, `source`. An empty mask updates those of
   * them that are set in `provider_model`; `*` replaces all of them (unset ones take their
   * defaults). Any other path is INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdateProviderModel.
 */
export interface UpdateProviderModelRequest__Output {
  /**
   * The model with its `name` set and the new values of the masked fields.
   */
  'providerModel': (_llmrouter_v1_ProviderModel__Output | null);
  /**
   * Fields to update: `display_name`, `is_default`, `source`. An empty mask updates those of
   * them that are set in `provider_model`; `*` replaces all of them (unset ones take their
   * defaults). Any other path is INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
