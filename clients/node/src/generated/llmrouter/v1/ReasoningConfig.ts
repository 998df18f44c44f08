// Original file: llmrouter/v1/chat.proto

import type { ReasoningEffort as _llmrouter_v1_ReasoningEffort, ReasoningEffort__Output as _llmrouter_v1_ReasoningEffort__Output } from '../../llmrouter/v1/ReasoningEffort';

/**
 * Reasoning settings: an effort level, or a budget of reasoning tokens.
 */
export interface ReasoningConfig {
  /**
   * How hard the model should think (OpenAI `reasoning_effort`; mapped to a budget for
   * Anthropic).
   */
  'effort'?: (_llmrouter_v1_ReasoningEffort);
  /**
   * At most this many reasoning tokens (Anthropic `thinking.budget_tokens`, at least 1024
   * there; mapped to an effort for OpenAI-type providers).
   */
  'budgetTokens'?: (number);
  '_budgetTokens'?: "budgetTokens";
}

/**
 * Reasoning settings: an effort level, or a budget of reasoning tokens.
 */
export interface ReasoningConfig__Output {
  /**
   * How hard the model should think (OpenAI `reasoning_effort`; mapped to a budget for
   * Anthropic).
   */
  'effort': (_llmrouter_v1_ReasoningEffort__Output);
  /**
   * At most this many reasoning tokens (Anthropic `thinking.budget_tokens`, at least 1024
   * there; mapped to an effort for OpenAI-type providers).
   */
  'budgetTokens'?: (number);
  '_budgetTokens'?: "budgetTokens";
}
