// Original file: llmrouter/v1/chat.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { CacheControl as _llmrouter_v1_CacheControl, CacheControl__Output as _llmrouter_v1_CacheControl__Output } from '../../llmrouter/v1/CacheControl';

/**
 * A function the model may call.
 */
export interface Tool {
  /**
   * Function name: letters, digits, `_` and `-`, at most 64 characters.
   */
  'name'?: (string);
  /**
   * What the function does, shown to the model.
   */
  'description'?: (string);
  /**
   * JSON Schema of the arguments object.
   */
  'parameters'?: (_google_protobuf_Struct | null);
  /**
   * Prompt-caching hint: the tool definitions up to and including this one may be cached.
   */
  'cacheControl'?: (_llmrouter_v1_CacheControl | null);
}

/**
 * A function the model may call.
 */
export interface Tool__Output {
  /**
   * Function name: letters, digits, `_` and `-`, at most 64 characters.
   */
  'name': (string);
  /**
   * What the function does, shown to the model.
   */
  'description': (string);
  /**
   * JSON Schema of the arguments object.
   */
  'parameters': (_google_protobuf_Struct__Output | null);
  /**
   * Prompt-caching hint: the tool definitions up to and including this one may be cached.
   */
  'cacheControl': (_llmrouter_v1_CacheControl__Output | null);
}
