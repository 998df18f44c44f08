// Original file: llmrouter/v1/chat.proto

import type { ResponseFormat as _llmrouter_v1_ResponseFormat, ResponseFormat__Output as _llmrouter_v1_ResponseFormat__Output } from '../../llmrouter/v1/ResponseFormat';
import type { ReasoningConfig as _llmrouter_v1_ReasoningConfig, ReasoningConfig__Output as _llmrouter_v1_ReasoningConfig__Output } from '../../llmrouter/v1/ReasoningConfig';
import type { Long } from '@grpc/proto-loader';

/**
 * Sampling and length settings. Unset fields take the backend's default.
 */
export interface GenerationConfig {
  /**
   * Upper bound on generated tokens (must be positive when set).
   */
  'maxTokens'?: (number);
  /**
   * Sampling temperature, 0 to 2.
   */
  'temperature'?: (number | string);
  /**
   * Nucleus sampling probability mass, in (0, 1].
   */
  'topP'?: (number | string);
  /**
   * Stop sequences (at most 4, none empty).
   */
  'stop'?: (string)[];
  /**
   * Seed for reproducible sampling where the backend supports it.
   */
  'seed'?: (number | string | Long);
  /**
   * The shape of the answer: text (default), any JSON object, or JSON that validates
   * against a schema.
   */
  'responseFormat'?: (_llmrouter_v1_ResponseFormat | null);
  /**
   * Reasoning ("thinking") before the answer, for models that reason.
   */
  'reasoning'?: (_llmrouter_v1_ReasoningConfig | null);
  /**
   * Penalty for tokens already present, -2 to 2 (OpenAI-type and local models).
   */
  'presencePenalty'?: (number | string);
  /**
   * Penalty proportional to how often a token appeared, -2 to 2 (OpenAI-type and local models).
   */
  'frequencyPenalty'?: (number | string);
  /**
   * Return the log probability of each output token (OpenAI-type and local models).
   */
  'logprobs'?: (boolean);
  /**
   * With `logprobs`: also this many most likely alternatives per token, 0 to 20.
   */
  'topLogprobs'?: (number);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
  '_seed'?: "seed";
  '_presencePenalty'?: "presencePenalty";
  '_frequencyPenalty'?: "frequencyPenalty";
  '_topLogprobs'?: "topLogprobs";
}

/**
 * Sampling and length settings. Unset fields take the backend's default.
 */
export interface GenerationConfig__Output {
  /**
   * Upper bound on generated tokens (must be positive when set).
   */
  'maxTokens'?: (number);
  /**
   * Sampling temperature, 0 to 2.
   */
  'temperature'?: (number);
  /**
   * Nucleus sampling probability mass, in (0, 1].
   */
  'topP'?: (number);
  /**
   * Stop sequences (at most 4, none empty).
   */
  'stop': (string)[];
  /**
   * Seed for reproducible sampling where the backend supports it.
   */
  'seed'?: (string);
  /**
   * The shape of the answer: text (default), any JSON object, or JSON that validates
   * against a schema.
   */
  'responseFormat': (_llmrouter_v1_ResponseFormat__Output | null);
  /**
   * Reasoning ("thinking") before the answer, for models that reason.
   */
  'reasoning': (_llmrouter_v1_ReasoningConfig__Output | null);
  /**
   * Penalty for tokens already present, -2 to 2 (OpenAI-type and local models).
   */
  'presencePenalty'?: (number);
  /**
   * Penalty proportional to how often a token appeared, -2 to 2 (OpenAI-type and local models).
   */
  'frequencyPenalty'?: (number);
  /**
   * Return the log probability of each output token (OpenAI-type and local models).
   */
  'logprobs': (boolean);
  /**
   * With `logprobs`: also this many most likely alternatives per token, 0 to 20.
   */
  'topLogprobs'?: (number);
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
  '_seed'?: "seed";
  '_presencePenalty'?: "presencePenalty";
  '_frequencyPenalty'?: "frequencyPenalty";
  '_topLogprobs'?: "topLogprobs";
}
