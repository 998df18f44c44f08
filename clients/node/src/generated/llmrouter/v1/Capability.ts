// Original file: llmrouter/v1/chat.proto

/**
 * What a request needs of a model beyond plain text.
 */
export const Capability = {
  /**
   * Not set.
   */
  CAPABILITY_UNSPECIFIED: 'CAPABILITY_UNSPECIFIED',
  /**
   * Image input.
   */
  CAPABILITY_IMAGES: 'CAPABILITY_IMAGES',
  /**
   * Document (PDF) input.
   */
  CAPABILITY_DOCUMENTS: 'CAPABILITY_DOCUMENTS',
  /**
   * Tool calling.
   */
  CAPABILITY_TOOLS: 'CAPABILITY_TOOLS',
  /**
   * Answers constrained to a JSON Schema (or any JSON object).
   */
  CAPABILITY_JSON_SCHEMA: 'CAPABILITY_JSON_SCHEMA',
  /**
   * Reasoning settings and reasoning output.
   */
  CAPABILITY_REASONING: 'CAPABILITY_REASONING',
} as const;

/**
 * What a request needs of a model beyond plain text.
 */
export type Capability =
  /**
   * Not set.
   */
  | 'CAPABILITY_UNSPECIFIED'
  | 0
  /**
   * Image input.
   */
  | 'CAPABILITY_IMAGES'
  | 1
  /**
   * Document (PDF) input.
   */
  | 'CAPABILITY_DOCUMENTS'
  | 2
  /**
   * Tool calling.
   */
  | 'CAPABILITY_TOOLS'
  | 3
  /**
   * Answers constrained to a JSON Schema (or any JSON object).
   */
  | 'CAPABILITY_JSON_SCHEMA'
  | 4
  /**
   * Reasoning settings and reasoning output.
   */
  | 'CAPABILITY_REASONING'
  | 5

/**
 * What a request needs of a model beyond plain text.
 */
export type Capability__Output = typeof Capability[keyof typeof Capability]
