// Original file: llmrouter/v1/chat.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';

/**
 * A JSON Schema the answer must follow.
 */
export interface JsonSchemaFormat {
  /**
   * Name of the schema: letters, digits, `_` and `-`, at most 64 characters.
   */
  'name'?: (string);
  /**
   * What the schema describes, shown to the model.
   */
  'description'?: (string);
  /**
   * The JSON Schema (an object).
   */
  'schema'?: (_google_protobuf_Struct | null);
  /**
   * Whether the provider must follow the schema exactly (OpenAI `strict`; local models
   * always decode under the schema).
   */
  'strict'?: (boolean);
}

/**
 * A JSON Schema the answer must follow.
 */
export interface JsonSchemaFormat__Output {
  /**
   * Name of the schema: letters, digits, `_` and `-`, at most 64 characters.
   */
  'name': (string);
  /**
   * What the schema describes, shown to the model.
   */
  'description': (string);
  /**
   * The JSON Schema (an object).
   */
  'schema': (_google_protobuf_Struct__Output | null);
  /**
   * Whether the provider must follow the schema exactly (OpenAI `strict`; local models
   * always decode under the schema).
   */
  'strict': (boolean);
}
