// Original file: llmrouter/v1/routing_service.proto

/**
 * How the first candidate of a resolution was found.
 */
export const MatchKind = {
  /**
   * Nothing matched.
   */
  MATCH_KIND_UNSPECIFIED: 'MATCH_KIND_UNSPECIFIED',
  /**
   * The request named a provider explicitly.
   */
  MATCH_KIND_EXPLICIT_PROVIDER: 'MATCH_KIND_EXPLICIT_PROVIDER',
  /**
   * A routing rule matched.
   */
  MATCH_KIND_ROUTE: 'MATCH_KIND_ROUTE',
  /**
   * A provider lists the model.
   */
  MATCH_KIND_PROVIDER_MODEL: 'MATCH_KIND_PROVIDER_MODEL',
  /**
   * The local MLX provider has the model.
   */
  MATCH_KIND_LOCAL_MODEL: 'MATCH_KIND_LOCAL_MODEL',
  /**
   * The caller's override provider (its client key's `override_provider`).
   */
  MATCH_KIND_CALLER_OVERRIDE: 'MATCH_KIND_CALLER_OVERRIDE',
} as const;

/**
 * How the first candidate of a resolution was found.
 */
export type MatchKind =
  /**
   * Nothing matched.
   */
  | 'MATCH_KIND_UNSPECIFIED'
  | 0
  /**
   * The request named a provider explicitly.
   */
  | 'MATCH_KIND_EXPLICIT_PROVIDER'
  | 1
  /**
   * A routing rule matched.
   */
  | 'MATCH_KIND_ROUTE'
  | 2
  /**
   * A provider lists the model.
   */
  | 'MATCH_KIND_PROVIDER_MODEL'
  | 3
  /**
   * The local MLX provider has the model.
   */
  | 'MATCH_KIND_LOCAL_MODEL'
  | 4
  /**
   * The caller's override provider (its client key's `override_provider`).
   */
  | 'MATCH_KIND_CALLER_OVERRIDE'
  | 5

/**
 * How the first candidate of a resolution was found.
 */
export type MatchKind__Output = typeof MatchKind[keyof typeof MatchKind]
