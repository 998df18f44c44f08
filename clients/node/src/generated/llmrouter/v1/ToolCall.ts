// Original file: llmrouter/v1/chat.proto


/**
 * A complete tool call made by the assistant.
 */
export interface ToolCall {
  /**
   * Provider-assigned id of the call, echoed back by the tool result.
   */
  'id'?: (string);
  /**
   * Name of the function called.
   */
  'name'?: (string);
  /**
   * Arguments as a JSON text, exactly as the model produced them.
   */
  'arguments'?: (string);
}

/**
 * A complete tool call made by the assistant.
 */
export interface ToolCall__Output {
  /**
   * Provider-assigned id of the call, echoed back by the tool result.
   */
  'id': (string);
  /**
   * Name of the function called.
   */
  'name': (string);
  /**
   * Arguments as a JSON text, exactly as the model produced them.
   */
  'arguments': (string);
}
