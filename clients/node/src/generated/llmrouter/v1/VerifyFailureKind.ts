// Original file: llmrouter/v1/provider_admin_service.proto

/**
 * Why a provider check failed.
 */
export const VerifyFailureKind = {
  /**
   * The check passed (or the kind is unknown).
   */
  VERIFY_FAILURE_KIND_UNSPECIFIED: 'VERIFY_FAILURE_KIND_UNSPECIFIED',
  /**
   * The provider rejected the API key, or none is set.
   */
  VERIFY_FAILURE_KIND_BAD_KEY: 'VERIFY_FAILURE_KIND_BAD_KEY',
  /**
   * The provider does not know the model.
   */
  VERIFY_FAILURE_KIND_UNKNOWN_MODEL: 'VERIFY_FAILURE_KIND_UNKNOWN_MODEL',
  /**
   * The provider could not be reached or answered with a server error.
   */
  VERIFY_FAILURE_KIND_UNREACHABLE: 'VERIFY_FAILURE_KIND_UNREACHABLE',
  /**
   * The provider is rate limiting.
   */
  VERIFY_FAILURE_KIND_RATE_LIMITED: 'VERIFY_FAILURE_KIND_RATE_LIMITED',
  /**
   * Any other failure.
   */
  VERIFY_FAILURE_KIND_OTHER: 'VERIFY_FAILURE_KIND_OTHER',
  /**
   * No API key is set (nor given in the request): nothing was sent.
   */
  VERIFY_FAILURE_KIND_NO_KEY: 'VERIFY_FAILURE_KIND_NO_KEY',
} as const;

/**
 * Why a provider check failed.
 */
export type VerifyFailureKind =
  /**
   * The check passed (or the kind is unknown).
   */
  | 'VERIFY_FAILURE_KIND_UNSPECIFIED'
  | 0
  /**
   * The provider rejected the API key, or none is set.
   */
  | 'VERIFY_FAILURE_KIND_BAD_KEY'
  | 1
  /**
   * The provider does not know the model.
   */
  | 'VERIFY_FAILURE_KIND_UNKNOWN_MODEL'
  | 2
  /**
   * The provider could not be reached or answered with a server error.
   */
  | 'VERIFY_FAILURE_KIND_UNREACHABLE'
  | 3
  /**
   * The provider is rate limiting.
   */
  | 'VERIFY_FAILURE_KIND_RATE_LIMITED'
  | 4
  /**
   * Any other failure.
   */
  | 'VERIFY_FAILURE_KIND_OTHER'
  | 5
  /**
   * No API key is set (nor given in the request): nothing was sent.
   */
  | 'VERIFY_FAILURE_KIND_NO_KEY'
  | 6

/**
 * Why a provider check failed.
 */
export type VerifyFailureKind__Output = typeof VerifyFailureKind[keyof typeof VerifyFailureKind]
