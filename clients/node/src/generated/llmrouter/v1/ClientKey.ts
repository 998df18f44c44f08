// Original file: llmrouter/v1/client_key.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from '../../llmrouter/v1/GenerationDefaults';
import type { CallerProviderKey as _llmrouter_v1_CallerProviderKey, CallerProviderKey__Output as _llmrouter_v1_CallerProviderKey__Output } from '../../llmrouter/v1/CallerProviderKey';

/**
 * A caller's credential and its policy: the defaults and limits applied to every request
 * made with the key. The key itself (`llmr_{id}_{secret}`) is returned once, by
 * CreateClientKey; only its SHA-256 is stored. Rate limits, budgets and prices that name a
 * caller use this resource's name, `clientKeys/{client_key}`, as their subject.
 */
export interface ClientKey {
  /**
   * Resource name, `clientKeys/{client_key}`. Output only; the id is generated.
   */
  'name'?: (string);
  /**
   * Free-form description (who uses the key), at most 500 characters.
   */
  'description'?: (string);
  /**
   * Scopes: `chat` (ChatService) and `admin` (every service; includes `chat`). At least one.
   */
  'scopes'?: (string)[];
  /**
   * When set, the key is refused (UNAUTHENTICATED) from this time on.
   */
  'expireTime'?: (_google_protobuf_Timestamp | null);
  /**
   * A disabled key is refused (UNAUTHENTICATED) until enabled again; its open streams end
   * within the configuration poll interval.
   */
  'disabled'?: (boolean);
  /**
   * Creation time. Output only.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Last update time. Output only.
   */
  'updateTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag'?: (string);
  /**
   * The model used when a request names none. Empty: the `is_default` model of the first
   * enabled provider with a key.
   */
  'defaultModel'?: (string);
  /**
   * `providers/{provider}`: serves every request of this caller that names no provider,
   * before routes are consulted.
   */
  'overrideProvider'?: (string);
  /**
   * Globs of the model names this caller may ask for (`gpt-4o*`, `claude-*`). Empty: all.
   * A request for another model is PERMISSION_DENIED naming the model.
   */
  'allowedModels'?: (string)[];
  /**
   * Globs of the provider ids that may serve this caller (`openai`, `local-*`). Empty: all.
   * Resolution skips other providers; an explicit one is PERMISSION_DENIED naming it.
   */
  'allowedProviders'?: (string)[];
  /**
   * Generation settings used when a request sets none of its own.
   */
  'defaultGeneration'?: (_llmrouter_v1_GenerationDefaults | null);
  /**
   * The caller's own provider API keys (bring your own key): used instead of the provider's
   * stored key when this caller's request is served by that provider.
   */
  'providerKeys'?: (_llmrouter_v1_CallerProviderKey)[];
  /**
   * Whether the key was revoked with `llmrouter keys revoke` (refused for ever). Output only.
   */
  'revoked'?: (boolean);
}

/**
 * A caller's credential and its policy: the defaults and limits applied to every request
 * made with the key. The key itself (`llmr_{id}_{secret}`) is returned once, by
 * CreateClientKey; only its SHA-256 is stored. Rate limits, budgets and prices that name a
 * caller use this resource's name, `clientKeys/{client_key}`, as their subject.
 */
export interface ClientKey__Output {
  /**
   * Resource name, `clientKeys/{client_key}`. Output only; the id is generated.
   */
  'name': (string);
  /**
   * Free-form description (who uses the key), at most 500 characters.
   */
  'description': (string);
  /**
   * Scopes: `chat` (ChatService) and `admin` (every service; includes `chat`). At least one.
   */
  'scopes': (string)[];
  /**
   * When set, the key is refused (UNAUTHENTICATED) from this time on.
   */
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * A disabled key is refused (UNAUTHENTICATED) until enabled again; its open streams end
   * within the configuration poll interval.
   */
  'disabled': (boolean);
  /**
   * Creation time. Output only.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Last update time. Output only.
   */
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag': (string);
  /**
   * The model used when a request names none. Empty: the `is_default` model of the first
   * enabled provider with a key.
   */
  'defaultModel': (string);
  /**
   * `providers/{provider}`: serves every request of this caller that names no provider,
   * before routes are consulted.
   */
  'overrideProvider': (string);
  /**
   * Globs of the model names this caller may ask for (`gpt-4o*`, `claude-*`). Empty: all.
   * A request for another model is PERMISSION_DENIED naming the model.
   */
  'allowedModels': (string)[];
  /**
   * Globs of the provider ids that may serve this caller (`openai`, `local-*`). Empty: all.
   * Resolution skips other providers; an explicit one is PERMISSION_DENIED naming it.
   */
  'allowedProviders': (string)[];
  /**
   * Generation settings used when a request sets none of its own.
   */
  'defaultGeneration': (_llmrouter_v1_GenerationDefaults__Output | null);
  /**
   * The caller's own provider API keys (bring your own key): used instead of the provider's
   * stored key when this caller's request is served by that provider.
   */
  'providerKeys': (_llmrouter_v1_CallerProviderKey__Output)[];
  /**
   * Whether the key was revoked with `llmrouter keys revoke` (refused for ever). Output only.
   */
  'revoked': (boolean);
}
