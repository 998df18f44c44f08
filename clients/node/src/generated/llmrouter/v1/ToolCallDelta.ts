// Original file: llmrouter/v1/chat.proto


/**
 * A fragment of a tool call, streamed. Fragments with the same index belong to one call.
 */
export interface ToolCallDelta {
  /**
   * Position of the call among this response's tool calls, from 0.
   */
  'index'?: (number);
  /**
   * Call id; sent with the first fragment of the call.
   */
  'id'?: (string);
  /**
   * Function name; sent with the first fragment of the call.
   */
  'name'?: (string);
  /**
   * The next chunk of the JSON arguments text.
   */
  'arguments'?: (string);
}

/**
 * A fragment of a tool call, streamed. Fragments with the same index belong to one call.
 */
export interface ToolCallDelta__Output {
  /**
   * Position of the call among this response's tool calls, from 0.
   */
  'index': (number);
  /**
   * Call id; sent with the first fragment of the call.
   */
  'id': (string);
  /**
   * Function name; sent with the first fragment of the call.
   */
  'name': (string);
  /**
   * The next chunk of the JSON arguments text.
   */
  'arguments': (string);
}
