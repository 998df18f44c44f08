// Original file: llmrouter/v1/chat.proto

/**
 * Answer formats.
 */
export const ResponseFormatType = {
  /**
   * Plain text (the default).
   */
  RESPONSE_FORMAT_TYPE_UNSPECIFIED: 'RESPONSE_FORMAT_TYPE_UNSPECIFIED',
  /**
   * Plain text, stated explicitly.
   */
  RESPONSE_FORMAT_TYPE_TEXT: 'RESPONSE_FORMAT_TYPE_TEXT',
  /**
   * Any valid JSON object.
   */
  RESPONSE_FORMAT_TYPE_JSON_OBJECT: 'RESPONSE_FORMAT_TYPE_JSON_OBJECT',
  /**
   * JSON that validates against `json_schema.schema`.
   */
  RESPONSE_FORMAT_TYPE_JSON_SCHEMA: 'RESPONSE_FORMAT_TYPE_JSON_SCHEMA',
} as const;

/**
 * Answer formats.
 */
export type ResponseFormatType =
  /**
   * Plain text (the default).
   */
  | 'RESPONSE_FORMAT_TYPE_UNSPECIFIED'
  | 0
  /**
   * Plain text, stated explicitly.
   */
  | 'RESPONSE_FORMAT_TYPE_TEXT'
  | 1
  /**
   * Any valid JSON object.
   */
  | 'RESPONSE_FORMAT_TYPE_JSON_OBJECT'
  | 2
  /**
   * JSON that validates against `json_schema.schema`.
   */
  | 'RESPONSE_FORMAT_TYPE_JSON_SCHEMA'
  | 3

/**
 * Answer formats.
 */
export type ResponseFormatType__Output = typeof ResponseFormatType[keyof typeof ResponseFormatType]
