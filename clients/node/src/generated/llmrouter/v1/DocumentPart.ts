// Original file: llmrouter/v1/chat.proto


/**
 * A document input (PDF), for providers that read documents.
 */
export interface DocumentPart {
  /**
   * The document's bytes; `media_type` is required with it.
   */
  'data'?: (Buffer | Uint8Array | string);
  /**
   * An https URL of the document.
   */
  'url'?: (string);
  /**
   * The MIME type; only `application/pdf` is accepted.
   */
  'mediaType'?: (string);
  /**
   * Optional title shown to the model.
   */
  'title'?: (string);
  /**
   * Where the document comes from.
   */
  'source'?: "data"|"url";
}

/**
 * A document input (PDF), for providers that read documents.
 */
export interface DocumentPart__Output {
  /**
   * The document's bytes; `media_type` is required with it.
   */
  'data'?: (Buffer);
  /**
   * An https URL of the document.
   */
  'url'?: (string);
  /**
   * The MIME type; only `application/pdf` is accepted.
   */
  'mediaType': (string);
  /**
   * Optional title shown to the model.
   */
  'title': (string);
  /**
   * Where the document comes from.
   */
  'source'?: "data"|"url";
}
