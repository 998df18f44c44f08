// Original file: llmrouter/v1/routing_service.proto


/**
 * A candidate that was passed over, and why.
 */
export interface SkippedCandidate {
  /**
   * `routes/{route}` or `providers/{provider}`.
   */
  'name'?: (string);
  /**
   * Why it was skipped (disabled, no key, ...).
   */
  'reason'?: (string);
}

/**
 * A candidate that was passed over, and why.
 */
export interface SkippedCandidate__Output {
  /**
   * `routes/{route}` or `providers/{provider}`.
   */
  'name': (string);
  /**
   * Why it was skipped (disabled, no key, ...).
   */
  'reason': (string);
}
