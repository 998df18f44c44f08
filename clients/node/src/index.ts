// llmrouter-client: typed streaming chat, administration helpers and rich errors for llmrouter.
export { Client, LOADER_OPTIONS, loadProto, toMessage } from "./client";
export type { CallOptions, ChatInput, ChatMessage, ClientOptions } from "./client";
export { LLMRouterError, errorFrom } from "./errors";
export type { FieldViolation } from "./errors";
export type { StreamChatResponse__Output as StreamChatResponse } from "./generated/llmrouter/v1/StreamChatResponse";
export type { ChatResponse__Output as ChatResponse } from "./generated/llmrouter/v1/ChatResponse";
export type { ChatSummary__Output as ChatSummary } from "./generated/llmrouter/v1/ChatSummary";
export type { Model__Output as Model } from "./generated/llmrouter/v1/Model";
