// Original file: llmrouter/v1/chat.proto

import type { ResponseFormatType as _llmrouter_v1_ResponseFormatType, ResponseFormatType__Output as _llmrouter_v1_ResponseFormatType__Output } from '../../llmrouter/v1/ResponseFormatType';
import type { JsonSchemaFormat as _llmrouter_v1_JsonSchemaFormat, JsonSchemaFormat__Output as _llmrouter_v1_JsonSchemaFormat__Output } from '../../llmrouter/v1/JsonSchemaFormat';

/**
 * The shape of the answer.
 */
export interface ResponseFormat {
  /**
   * The format.
   */
  'type'?: (_llmrouter_v1_ResponseFormatType);
  /**
   * The schema (RESPONSE_FORMAT_TYPE_JSON_SCHEMA only).
   */
  'jsonSchema'?: (_llmrouter_v1_JsonSchemaFormat | null);
}

/**
 * The shape of the answer.
 */
export interface ResponseFormat__Output {
  /**
   * The format.
   */
  'type': (_llmrouter_v1_ResponseFormatType__Output);
  /**
   * The schema (RESPONSE_FORMAT_TYPE_JSON_SCHEMA only).
   */
  'jsonSchema': (_llmrouter_v1_JsonSchemaFormat__Output | null);
}
