// Original file: llmrouter/v1/chat.proto

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
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
  '_seed'?: "seed";
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
  '_maxTokens'?: "maxTokens";
  '_temperature'?: "temperature";
  '_topP'?: "topP";
  '_seed'?: "seed";
}
