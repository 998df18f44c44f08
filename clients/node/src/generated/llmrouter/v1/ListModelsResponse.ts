// Original file: llmrouter/v1/chat_service.proto

import type { Model as _llmrouter_v1_Model, Model__Output as _llmrouter_v1_Model__Output } from '../../llmrouter/v1/Model';

/**
 * Response of ListModels.
 */
export interface ListModelsResponse {
  /**
   * The models, ordered by id.
   */
  'models'?: (_llmrouter_v1_Model)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListModels.
 */
export interface ListModelsResponse__Output {
  /**
   * The models, ordered by id.
   */
  'models': (_llmrouter_v1_Model__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
