// Original file: llmrouter/v1/route.proto


/**
 * One deployment of a model: a provider and the model name sent to it, with a weight.
 */
export interface Deployment {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider'?: (string);
  /**
   * The model name sent upstream; empty keeps the requested model name.
   */
  'model'?: (string);
  /**
   * Relative share of the traffic with BALANCE_STRATEGY_WEIGHTED, 1 to 1000; 0 means 1.
   */
  'weight'?: (number);
}

/**
 * One deployment of a model: a provider and the model name sent to it, with a weight.
 */
export interface Deployment__Output {
  /**
   * The provider, `providers/{provider}`. Required; must exist.
   */
  'provider': (string);
  /**
   * The model name sent upstream; empty keeps the requested model name.
   */
  'model': (string);
  /**
   * Relative share of the traffic with BALANCE_STRATEGY_WEIGHTED, 1 to 1000; 0 means 1.
   */
  'weight': (number);
}
