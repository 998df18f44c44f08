// Original file: llmrouter/v1/client_key.proto


/**
 * A caller's own API key for one provider.
 */
export interface CallerProviderKey {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider'?: (string);
  /**
   * The API key. Input only: never returned; stored encrypted. Empty on update keeps the
   * key stored for this provider.
   */
  'apiKey'?: (string);
  /**
   * The last 4 characters of the stored key at most, e.g. `...wxyz`. Output only.
   */
  'apiKeyHint'?: (string);
}

/**
 * A caller's own API key for one provider.
 */
export interface CallerProviderKey__Output {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider': (string);
  /**
   * The API key. Input only: never returned; stored encrypted. Empty on update keeps the
   * key stored for this provider.
   */
  'apiKey': (string);
  /**
   * The last 4 characters of the stored key at most, e.g. `...wxyz`. Output only.
   */
  'apiKeyHint': (string);
}
