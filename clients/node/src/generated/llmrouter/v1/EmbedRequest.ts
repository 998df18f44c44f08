// Original file: llmrouter/v1/chat_service.proto


/**
 * Request of Embed.
 */
export interface EmbedRequest {
  /**
   * The embedding model, routed like a chat model.
   */
  'model'?: (string);
  /**
   * Optional explicit provider, `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * Texts to embed, at least one.
   */
  'inputs'?: (string)[];
  /**
   * Output dimensions, where the model supports shortening.
   */
  'dimensions'?: (number);
  /**
   * Caller-chosen id for tracing.
   */
  'requestId'?: (string);
  '_dimensions'?: "dimensions";
}

/**
 * Request of Embed.
 */
export interface EmbedRequest__Output {
  /**
   * The embedding model, routed like a chat model.
   */
  'model': (string);
  /**
   * Optional explicit provider, `providers/{provider}`.
   */
  'provider': (string);
  /**
   * Texts to embed, at least one.
   */
  'inputs': (string)[];
  /**
   * Output dimensions, where the model supports shortening.
   */
  'dimensions'?: (number);
  /**
   * Caller-chosen id for tracing.
   */
  'requestId': (string);
  '_dimensions'?: "dimensions";
}
