// Original file: llmrouter/v1/provider.proto


/**
 * What a model accepts. Each entry: true or false when declared (by the admin, or by
 * the provider where it says so); unset takes the default of the provider's API type:
 * OpenAI and Anthropic types assume yes (the provider answers when it cannot), local
 * MLX models assume tools, JSON Schema and reasoning, and no images or documents.
 */
export interface ModelCapabilities {
  /**
   * Image input.
   */
  'images'?: (boolean);
  /**
   * Document (PDF) input.
   */
  'documents'?: (boolean);
  /**
   * Tool calling.
   */
  'tools'?: (boolean);
  /**
   * JSON Schema answers.
   */
  'jsonSchema'?: (boolean);
  /**
   * Reasoning.
   */
  'reasoning'?: (boolean);
  '_images'?: "images";
  '_documents'?: "documents";
  '_tools'?: "tools";
  '_jsonSchema'?: "jsonSchema";
  '_reasoning'?: "reasoning";
}

/**
 * What a model accepts. Each entry: true or false when declared (by the admin, or by
 * the provider where it says so); unset takes the default of the provider's API type:
 * OpenAI and Anthropic types assume yes (the provider answers when it cannot), local
 * MLX models assume tools, JSON Schema and reasoning, and no images or documents.
 */
export interface ModelCapabilities__Output {
  /**
   * Image input.
   */
  'images'?: (boolean);
  /**
   * Document (PDF) input.
   */
  'documents'?: (boolean);
  /**
   * Tool calling.
   */
  'tools'?: (boolean);
  /**
   * JSON Schema answers.
   */
  'jsonSchema'?: (boolean);
  /**
   * Reasoning.
   */
  'reasoning'?: (boolean);
  '_images'?: "images";
  '_documents'?: "documents";
  '_tools'?: "tools";
  '_jsonSchema'?: "jsonSchema";
  '_reasoning'?: "reasoning";
}
