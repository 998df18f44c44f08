// Original file: llmrouter/v1/provider.proto

/**
 * The wire protocol a provider speaks.
 */
export const ApiType = {
  /**
   * Not set; rejected on create.
   */
  API_TYPE_UNSPECIFIED: 'API_TYPE_UNSPECIFIED',
  /**
   * The OpenAI Chat Completions API (OpenAI, Together, Groq, Fireworks, Mistral, DeepSeek, Qwen, GLM, ...).
   */
  API_TYPE_OPENAI: 'API_TYPE_OPENAI',
  /**
   * The Anthropic Messages API.
   */
  API_TYPE_ANTHROPIC: 'API_TYPE_ANTHROPIC',
  /**
   * Local generation with mlx-lm in the server process.
   */
  API_TYPE_MLX: 'API_TYPE_MLX',
} as const;

/**
 * The wire protocol a provider speaks.
 */
export type ApiType =
  /**
   * Not set; rejected on create.
   */
  | 'API_TYPE_UNSPECIFIED'
  | 0
  /**
   * The OpenAI Chat Completions API (OpenAI, Together, Groq, Fireworks, Mistral, DeepSeek, Qwen, GLM, ...).
   */
  | 'API_TYPE_OPENAI'
  | 1
  /**
   * The Anthropic Messages API.
   */
  | 'API_TYPE_ANTHROPIC'
  | 2
  /**
   * Local generation with mlx-lm in the server process.
   */
  | 'API_TYPE_MLX'
  | 3

/**
 * The wire protocol a provider speaks.
 */
export type ApiType__Output = typeof ApiType[keyof typeof ApiType]
