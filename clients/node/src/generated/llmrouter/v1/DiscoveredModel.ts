// Original file: llmrouter/v1/provider_admin_service.proto


/**
 * A model the provider reports.
 */
export interface DiscoveredModel {
  /**
   * The model id.
   */
  'modelId'?: (string);
  /**
   * The owner the provider reports, where it does.
   */
  'ownedBy'?: (string);
  /**
   * Whether it is already registered on the provider.
   */
  'registered'?: (boolean);
}

/**
 * A model the provider reports.
 */
export interface DiscoveredModel__Output {
  /**
   * The model id.
   */
  'modelId': (string);
  /**
   * The owner the provider reports, where it does.
   */
  'ownedBy': (string);
  /**
   * Whether it is already registered on the provider.
   */
  'registered': (boolean);
}
