// Original file: llmrouter/v1/provider.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { ModelCapabilities as _llmrouter_v1_ModelCapabilities, ModelCapabilities__Output as _llmrouter_v1_ModelCapabilities__Output } from '../../llmrouter/v1/ModelCapabilities';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from '../../llmrouter/v1/GenerationDefaults';

/**
 * A model registered on a provider.
 */
export interface ProviderModel {
  /**
   * Resource name, `providers/{provider}/models/{model}`. Output only.
   */
  'name'?: (string);
  /**
   * The model id callers ask for and that is sent upstream, e.g. `gpt-4o-mini`. Required; immutable.
   */
  'modelId'?: (string);
  /**
   * Human-readable name.
   */
  'displayName'?: (string);
  /**
   * Whether this is the provider's default model (used by VerifyProvider). At most one per provider.
   */
  'isDefault'?: (boolean);
  /**
   * MLX only: local directory or Hugging Face id of the weights; defaults to model_id.
   */
  'source'?: (string);
  /**
   * Creation time. Output only.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Last update time. Output only.
   */
  'updateTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Opaque version tag for optimistic concurrency.
   */
  'etag'?: (string);
  /**
   * What the model accepts beyond text. Unset entries take the provider type's default
   * (see ModelCapabilities); requests that need a capability the model lacks skip it.
   */
  'capabilities'?: (_llmrouter_v1_ModelCapabilities | null);
  /**
   * Generation settings used when neither the request nor its caller's policy sets them
   * (instead of the adapters' built-in defaults, e.g. Anthropic's required max_tokens).
   */
  'defaultGeneration'?: (_llmrouter_v1_GenerationDefaults | null);
}

/**
 * A model registered on a provider.
 */
export interface ProviderModel__Output {
  /**
   * Resource name, `providers/{provider}/models/{model}`. Output only.
   */
  'name': (string);
  /**
   * The model id callers ask for and that is sent upstream, e.g. `gpt-4o-mini`. Required; immutable.
   */
  'modelId': (string);
  /**
   * Human-readable name.
   */
  'displayName': (string);
  /**
   * Whether this is the provider's default model (used by VerifyProvider). At most one per provider.
   */
  'isDefault': (boolean);
  /**
   * MLX only: local directory or Hugging Face id of the weights; defaults to model_id.
   */
  'source': (string);
  /**
   * Creation time. Output only.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Last update time. Output only.
   */
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Opaque version tag for optimistic concurrency.
   */
  'etag': (string);
  /**
   * What the model accepts beyond text. Unset entries take the provider type's default
   * (see ModelCapabilities); requests that need a capability the model lacks skip it.
   */
  'capabilities': (_llmrouter_v1_ModelCapabilities__Output | null);
  /**
   * Generation settings used when neither the request nor its caller's policy sets them
   * (instead of the adapters' built-in defaults, e.g. Anthropic's required max_tokens).
   */
  'defaultGeneration': (_llmrouter_v1_GenerationDefaults__Output | null);
}
