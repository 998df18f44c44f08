// Original file: llmrouter/v1/client_key_service.proto

import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from '../../llmrouter/v1/ClientKey';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

/**
 * Request of UpdateClientKey.
 */
export interface UpdateClientKeyRequest {
  /**
   * The key with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'clientKey'?: (_llmrouter_v1_ClientKey | null);
  /**
   * Fields to update: `description`, `scopes`, `expire_time`, `disabled`, `default_model`,
   * `override_provider`, `allowed_models`, `allowed_providers`, `default_generation`,
   * `provider_keys` (the whole list). An empty mask updates those set in `client_key`;
   * `*` replaces all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask'?: (_google_protobuf_FieldMask | null);
}

/**
 * Request of UpdateClientKey.
 */
export interface UpdateClientKeyRequest__Output {
  /**
   * The key with its `name` set and the new values of the masked fields. When its `etag`
   * is set, it must match the stored one (else ABORTED).
   */
  'clientKey': (_llmrouter_v1_ClientKey__Output | null);
  /**
   * Fields to update: `description`, `scopes`, `expire_time`, `disabled`, `default_model`,
   * `override_provider`, `allowed_models`, `allowed_providers`, `default_generation`,
   * `provider_keys` (the whole list). An empty mask updates those set in `client_key`;
   * `*` replaces all of them. Any other path is INVALID_ARGUMENT.
   */
  'updateMask': (_google_protobuf_FieldMask__Output | null);
}
