// Original file: llmrouter/v1/chat_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ChatRequest as _llmrouter_v1_ChatRequest, ChatRequest__Output as _llmrouter_v1_ChatRequest__Output } from '../../llmrouter/v1/ChatRequest';
import type { ChatResponse as _llmrouter_v1_ChatResponse, ChatResponse__Output as _llmrouter_v1_ChatResponse__Output } from '../../llmrouter/v1/ChatResponse';
import type { CountTokensRequest as _llmrouter_v1_CountTokensRequest, CountTokensRequest__Output as _llmrouter_v1_CountTokensRequest__Output } from '../../llmrouter/v1/CountTokensRequest';
import type { CountTokensResponse as _llmrouter_v1_CountTokensResponse, CountTokensResponse__Output as _llmrouter_v1_CountTokensResponse__Output } from '../../llmrouter/v1/CountTokensResponse';
import type { EmbedRequest as _llmrouter_v1_EmbedRequest, EmbedRequest__Output as _llmrouter_v1_EmbedRequest__Output } from '../../llmrouter/v1/EmbedRequest';
import type { EmbedResponse as _llmrouter_v1_EmbedResponse, EmbedResponse__Output as _llmrouter_v1_EmbedResponse__Output } from '../../llmrouter/v1/EmbedResponse';
import type { ListModelsRequest as _llmrouter_v1_ListModelsRequest, ListModelsRequest__Output as _llmrouter_v1_ListModelsRequest__Output } from '../../llmrouter/v1/ListModelsRequest';
import type { ListModelsResponse as _llmrouter_v1_ListModelsResponse, ListModelsResponse__Output as _llmrouter_v1_ListModelsResponse__Output } from '../../llmrouter/v1/ListModelsResponse';
import type { StreamChatRequest as _llmrouter_v1_StreamChatRequest, StreamChatRequest__Output as _llmrouter_v1_StreamChatRequest__Output } from '../../llmrouter/v1/StreamChatRequest';
import type { StreamChatResponse as _llmrouter_v1_StreamChatResponse, StreamChatResponse__Output as _llmrouter_v1_StreamChatResponse__Output } from '../../llmrouter/v1/StreamChatResponse';

/**
 * Chat with any routed model: a cloud provider or a local MLX model, one contract.
 */
export interface ChatServiceClient extends grpc.Client {
  /**
   * The same inputs as StreamChat, answered at once.
   */
  Chat(argument: _llmrouter_v1_ChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  Chat(argument: _llmrouter_v1_ChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  Chat(argument: _llmrouter_v1_ChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  Chat(argument: _llmrouter_v1_ChatRequest, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The same inputs as StreamChat, answered at once.
   */
  chat(argument: _llmrouter_v1_ChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  chat(argument: _llmrouter_v1_ChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  chat(argument: _llmrouter_v1_ChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  chat(argument: _llmrouter_v1_ChatRequest, callback: grpc.requestCallback<_llmrouter_v1_ChatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Counts the input tokens a chat request would use on the target it routes to:
   * exact for local models (their tokenizer and chat template), as the provider
   * counts for Anthropic-type providers, and an estimate (`estimated`) otherwise.
   */
  CountTokens(argument: _llmrouter_v1_CountTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _llmrouter_v1_CountTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _llmrouter_v1_CountTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  CountTokens(argument: _llmrouter_v1_CountTokensRequest, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Counts the input tokens a chat request would use on the target it routes to:
   * exact for local models (their tokenizer and chat template), as the provider
   * counts for Anthropic-type providers, and an estimate (`estimated`) otherwise.
   */
  countTokens(argument: _llmrouter_v1_CountTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _llmrouter_v1_CountTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _llmrouter_v1_CountTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  countTokens(argument: _llmrouter_v1_CountTokensRequest, callback: grpc.requestCallback<_llmrouter_v1_CountTokensResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Embeddings from an OpenAI-type provider.
   */
  Embed(argument: _llmrouter_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _llmrouter_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _llmrouter_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _llmrouter_v1_EmbedRequest, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Embeddings from an OpenAI-type provider.
   */
  embed(argument: _llmrouter_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _llmrouter_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _llmrouter_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _llmrouter_v1_EmbedRequest, callback: grpc.requestCallback<_llmrouter_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every model a caller can ask for: models of enabled providers with a key,
   * local models, and route patterns.
   */
  ListModels(argument: _llmrouter_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _llmrouter_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _llmrouter_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _llmrouter_v1_ListModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every model a caller can ask for: models of enabled providers with a key,
   * local models, and route patterns.
   */
  listModels(argument: _llmrouter_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _llmrouter_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _llmrouter_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _llmrouter_v1_ListModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the answer: deltas, then one summary, last. A failure ends the call
   * with a non-OK status carrying google.rpc.ErrorInfo; a stream without a summary
   * never succeeded.
   */
  StreamChat(argument: _llmrouter_v1_StreamChatRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_llmrouter_v1_StreamChatResponse__Output>;
  StreamChat(argument: _llmrouter_v1_StreamChatRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_llmrouter_v1_StreamChatResponse__Output>;
  /**
   * Streams the answer: deltas, then one summary, last. A failure ends the call
   * with a non-OK status carrying google.rpc.ErrorInfo; a stream without a summary
   * never succeeded.
   */
  streamChat(argument: _llmrouter_v1_StreamChatRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_llmrouter_v1_StreamChatResponse__Output>;
  streamChat(argument: _llmrouter_v1_StreamChatRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_llmrouter_v1_StreamChatResponse__Output>;
  
}

/**
 * Chat with any routed model: a cloud provider or a local MLX model, one contract.
 */
export interface ChatServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The same inputs as StreamChat, answered at once.
   */
  Chat: grpc.handleUnaryCall<_llmrouter_v1_ChatRequest__Output, _llmrouter_v1_ChatResponse>;
  
  /**
   * Counts the input tokens a chat request would use on the target it routes to:
   * exact for local models (their tokenizer and chat template), as the provider
   * counts for Anthropic-type providers, and an estimate (`estimated`) otherwise.
   */
  CountTokens: grpc.handleUnaryCall<_llmrouter_v1_CountTokensRequest__Output, _llmrouter_v1_CountTokensResponse>;
  
  /**
   * Embeddings from an OpenAI-type provider.
   */
  Embed: grpc.handleUnaryCall<_llmrouter_v1_EmbedRequest__Output, _llmrouter_v1_EmbedResponse>;
  
  /**
   * Every model a caller can ask for: models of enabled providers with a key,
   * local models, and route patterns.
   */
  ListModels: grpc.handleUnaryCall<_llmrouter_v1_ListModelsRequest__Output, _llmrouter_v1_ListModelsResponse>;
  
  /**
   * Streams the answer: deltas, then one summary, last. A failure ends the call
   * with a non-OK status carrying google.rpc.ErrorInfo; a stream without a summary
   * never succeeded.
   */
  StreamChat: grpc.handleServerStreamingCall<_llmrouter_v1_StreamChatRequest__Output, _llmrouter_v1_StreamChatResponse>;
  
}

export interface ChatServiceDefinition extends grpc.ServiceDefinition {
  Chat: MethodDefinition<_llmrouter_v1_ChatRequest, _llmrouter_v1_ChatResponse, _llmrouter_v1_ChatRequest__Output, _llmrouter_v1_ChatResponse__Output>
  CountTokens: MethodDefinition<_llmrouter_v1_CountTokensRequest, _llmrouter_v1_CountTokensResponse, _llmrouter_v1_CountTokensRequest__Output, _llmrouter_v1_CountTokensResponse__Output>
  Embed: MethodDefinition<_llmrouter_v1_EmbedRequest, _llmrouter_v1_EmbedResponse, _llmrouter_v1_EmbedRequest__Output, _llmrouter_v1_EmbedResponse__Output>
  ListModels: MethodDefinition<_llmrouter_v1_ListModelsRequest, _llmrouter_v1_ListModelsResponse, _llmrouter_v1_ListModelsRequest__Output, _llmrouter_v1_ListModelsResponse__Output>
  StreamChat: MethodDefinition<_llmrouter_v1_StreamChatRequest, _llmrouter_v1_StreamChatResponse, _llmrouter_v1_StreamChatRequest__Output, _llmrouter_v1_StreamChatResponse__Output>
}
