// Original file: llmrouter/v1/provider_admin_service.proto

import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from '../../llmrouter/v1/Provider';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdateProvider.
 */
export interface UpdateProviderRequest {
  /**
   * The provider with its `name` set and the new values of the masked fields. When its
   * `etag` is set, it must match the stored one (else ABORTED).
   */
  'provider'?: (_llmrouter_v1_Provider | null);
  /**
   * Fields to update: `display_name`, `base_url`, `api_key`, `enabled`. Setting `api_key`
   * to empty clears the key. An empty mask updates those of them that are set in `provider`;
   * `*` replaces all of them (unset ones take their defaults: empty, `enabled` true). Any
   * other path is INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdateProvider.
 */
export interface UpdateProviderRequest__Output {
  /**
   * The provider with its `name` set and the new values of the masked fields. When its
   * `etag` is set, it must match the stored one (else ABORTED).
   */
  'provider': (_llmrouter_v1_Provider__Output | null);
  /**
   * Fields to update: `display_name`, `base_url`, `api_key`, `enabled`. Setting `api_key`
   * to empty clears the key. An empty mask updates those of them that are set in `provider`;
   * `*` replaces all of them (unset ones take their defaults: empty, `enabled` true). Any
   * other path is INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
