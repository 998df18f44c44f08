// Original file: llmrouter/v1/routing_service.proto

import type { Capability as _llmrouter_v1_Capability, Capability__Output as _llmrouter_v1_Capability__Output } from '../../llmrouter/v1/Capability';

/**
 * Request of ResolveRoute.
 */
export interface ResolveRouteRequest {
  /**
   * The model name a caller would send; empty resolves the default model (the caller's
   * `default_model`, else the `is_default` model of the first usable provider).
   */
  'model'?: (string);
  /**
   * An explicit provider, as a caller could send, `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * What the request would need (images, tools, ...): targets whose model lacks one are
   * skipped, as StreamChat would skip them.
   */
  'requiredCapabilities'?: (_llmrouter_v1_Capability)[];
  /**
   * The caller whose policy applies, `clientKeys/{client_key}`: its override provider,
   * default model and allowed models and providers. Empty: no caller policy.
   */
  'caller'?: (string);
}

/**
 * Request of ResolveRoute.
 */
export interface ResolveRouteRequest__Output {
  /**
   * The model name a caller would send; empty resolves the default model (the caller's
   * `default_model`, else the `is_default` model of the first usable provider).
   */
  'model': (string);
  /**
   * An explicit provider, as a caller could send, `providers/{provider}`.
   */
  'provider': (string);
  /**
   * What the request would need (images, tools, ...): targets whose model lacks one are
   * skipped, as StreamChat would skip them.
   */
  'requiredCapabilities': (_llmrouter_v1_Capability__Output)[];
  /**
   * The caller whose policy applies, `clientKeys/{client_key}`: its override provider,
   * default model and allowed models and providers. Empty: no caller policy.
   */
  'caller': (string);
}
