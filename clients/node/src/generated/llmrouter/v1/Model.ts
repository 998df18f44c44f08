// Original file: llmrouter/v1/chat_service.proto

import type { ModelSource as _llmrouter_v1_ModelSource, ModelSource__Output as _llmrouter_v1_ModelSource__Output } from '../../llmrouter/v1/ModelSource';

/**
 * A model a caller can ask for.
 */
export interface Model {
  /**
   * What to pass as `model` (for MODEL_SOURCE_ROUTE, the pattern).
   */
  'id'?: (string);
  /**
   * Human-readable name.
   */
  'displayName'?: (string);
  /**
   * Where the model comes from.
   */
  'source'?: (_llmrouter_v1_ModelSource);
  /**
   * The provider serving it, `providers/{provider}`; for routes, the primary target's.
   */
  'provider'?: (string);
  /**
   * For MODEL_SOURCE_ROUTE, `routes/{route}`.
   */
  'route'?: (string);
  /**
   * Whether the pattern is a glob (MODEL_SOURCE_ROUTE only).
   */
  'isPattern'?: (boolean);
}

/**
 * A model a caller can ask for.
 */
export interface Model__Output {
  /**
   * What to pass as `model` (for MODEL_SOURCE_ROUTE, the pattern).
   */
  'id': (string);
  /**
   * Human-readable name.
   */
  'displayName': (string);
  /**
   * Where the model comes from.
   */
  'source': (_llmrouter_v1_ModelSource__Output);
  /**
   * The provider serving it, `providers/{provider}`; for routes, the primary target's.
   */
  'provider': (string);
  /**
   * For MODEL_SOURCE_ROUTE, `routes/{route}`.
   */
  'route': (string);
  /**
   * Whether the pattern is a glob (MODEL_SOURCE_ROUTE only).
   */
  'isPattern': (boolean);
}
