// Original file: llmrouter/v1/provider.proto

import type { ApiType as _llmrouter_v1_ApiType, ApiType__Output as _llmrouter_v1_ApiType__Output } from '../../llmrouter/v1/ApiType';

/**
 * An entry of the built-in provider catalogue.
 */
export interface ProviderTemplate {
  /**
   * Template id, e.g. `openai`, `groq`, `custom-openai`.
   */
  'id'?: (string);
  /**
   * Human-readable name.
   */
  'displayName'?: (string);
  /**
   * The API the provider speaks.
   */
  'apiType'?: (_llmrouter_v1_ApiType);
  /**
   * Default base URL; empty for custom templates, which need one.
   */
  'defaultBaseUrl'?: (string);
  /**
   * Whether requests need an API key.
   */
  'requiresApiKey'?: (boolean);
  /**
   * Whether a provider of this template is seeded on first start.
   */
  'seeded'?: (boolean);
}

/**
 * An entry of the built-in provider catalogue.
 */
export interface ProviderTemplate__Output {
  /**
   * Template id, e.g. `openai`, `groq`, `custom-openai`.
   */
  'id': (string);
  /**
   * Human-readable name.
   */
  'displayName': (string);
  /**
   * The API the provider speaks.
   */
  'apiType': (_llmrouter_v1_ApiType__Output);
  /**
   * Default base URL; empty for custom templates, which need one.
   */
  'defaultBaseUrl': (string);
  /**
   * Whether requests need an API key.
   */
  'requiresApiKey': (boolean);
  /**
   * Whether a provider of this template is seeded on first start.
   */
  'seeded': (boolean);
}
