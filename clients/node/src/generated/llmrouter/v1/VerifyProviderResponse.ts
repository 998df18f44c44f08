// Original file: llmrouter/v1/provider_admin_service.proto

import type { VerifyFailureKind as _llmrouter_v1_VerifyFailureKind, VerifyFailureKind__Output as _llmrouter_v1_VerifyFailureKind__Output } from '../../llmrouter/v1/VerifyFailureKind';
import type { Long } from '@grpc/proto-loader';

/**
 * Response of VerifyProvider.
 */
export interface VerifyProviderResponse {
  /**
   * Whether the provider answered successfully.
   */
  'ok'?: (boolean);
  /**
   * Round-trip time of the check, in milliseconds.
   */
  'latencyMs'?: (number | string | Long);
  /**
   * Why it failed, when it did.
   */
  'failureKind'?: (_llmrouter_v1_VerifyFailureKind);
  /**
   * A human-readable explanation (upstream text, key redacted).
   */
  'message'?: (string);
  /**
   * The model that was tried; empty when `GET /models` was used.
   */
  'model'?: (string);
}

/**
 * Response of VerifyProvider.
 */
export interface VerifyProviderResponse__Output {
  /**
   * Whether the provider answered successfully.
   */
  'ok': (boolean);
  /**
   * Round-trip time of the check, in milliseconds.
   */
  'latencyMs': (string);
  /**
   * Why it failed, when it did.
   */
  'failureKind': (_llmrouter_v1_VerifyFailureKind__Output);
  /**
   * A human-readable explanation (upstream text, key redacted).
   */
  'message': (string);
  /**
   * The model that was tried; empty when `GET /models` was used.
   */
  'model': (string);
}
