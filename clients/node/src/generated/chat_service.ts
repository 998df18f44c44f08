import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { CacheControl as _llmrouter_v1_CacheControl, CacheControl__Output as _llmrouter_v1_CacheControl__Output } from './llmrouter/v1/CacheControl';
import type { ChatDelta as _llmrouter_v1_ChatDelta, ChatDelta__Output as _llmrouter_v1_ChatDelta__Output } from './llmrouter/v1/ChatDelta';
import type { ChatRequest as _llmrouter_v1_ChatRequest, ChatRequest__Output as _llmrouter_v1_ChatRequest__Output } from './llmrouter/v1/ChatRequest';
import type { ChatResponse as _llmrouter_v1_ChatResponse, ChatResponse__Output as _llmrouter_v1_ChatResponse__Output } from './llmrouter/v1/ChatResponse';
import type { ChatServiceClient as _llmrouter_v1_ChatServiceClient, ChatServiceDefinition as _llmrouter_v1_ChatServiceDefinition } from './llmrouter/v1/ChatService';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from './llmrouter/v1/ChatSummary';
import type { ContentPart as _llmrouter_v1_ContentPart, ContentPart__Output as _llmrouter_v1_ContentPart__Output } from './llmrouter/v1/ContentPart';
import type { CountTokensRequest as _llmrouter_v1_CountTokensRequest, CountTokensRequest__Output as _llmrouter_v1_CountTokensRequest__Output } from './llmrouter/v1/CountTokensRequest';
import type { CountTokensResponse as _llmrouter_v1_CountTokensResponse, CountTokensResponse__Output as _llmrouter_v1_CountTokensResponse__Output } from './llmrouter/v1/CountTokensResponse';
import type { DocumentPart as _llmrouter_v1_DocumentPart, DocumentPart__Output as _llmrouter_v1_DocumentPart__Output } from './llmrouter/v1/DocumentPart';
import type { EmbedRequest as _llmrouter_v1_EmbedRequest, EmbedRequest__Output as _llmrouter_v1_EmbedRequest__Output } from './llmrouter/v1/EmbedRequest';
import type { EmbedResponse as _llmrouter_v1_EmbedResponse, EmbedResponse__Output as _llmrouter_v1_EmbedResponse__Output } from './llmrouter/v1/EmbedResponse';
import type { Embedding as _llmrouter_v1_Embedding, Embedding__Output as _llmrouter_v1_Embedding__Output } from './llmrouter/v1/Embedding';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from './llmrouter/v1/GenerationConfig';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from './llmrouter/v1/GenerationDefaults';
import type { ImagePart as _llmrouter_v1_ImagePart, ImagePart__Output as _llmrouter_v1_ImagePart__Output } from './llmrouter/v1/ImagePart';
import type { JsonSchemaFormat as _llmrouter_v1_JsonSchemaFormat, JsonSchemaFormat__Output as _llmrouter_v1_JsonSchemaFormat__Output } from './llmrouter/v1/JsonSchemaFormat';
import type { ListModelsRequest as _llmrouter_v1_ListModelsRequest, ListModelsRequest__Output as _llmrouter_v1_ListModelsRequest__Output } from './llmrouter/v1/ListModelsRequest';
import type { ListModelsResponse as _llmrouter_v1_ListModelsResponse, ListModelsResponse__Output as _llmrouter_v1_ListModelsResponse__Output } from './llmrouter/v1/ListModelsResponse';
import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from './llmrouter/v1/Message';
import type { Model as _llmrouter_v1_Model, Model__Output as _llmrouter_v1_Model__Output } from './llmrouter/v1/Model';
import type { ReasoningBlock as _llmrouter_v1_ReasoningBlock, ReasoningBlock__Output as _llmrouter_v1_ReasoningBlock__Output } from './llmrouter/v1/ReasoningBlock';
import type { ReasoningConfig as _llmrouter_v1_ReasoningConfig, ReasoningConfig__Output as _llmrouter_v1_ReasoningConfig__Output } from './llmrouter/v1/ReasoningConfig';
import type { ResponseFormat as _llmrouter_v1_ResponseFormat, ResponseFormat__Output as _llmrouter_v1_ResponseFormat__Output } from './llmrouter/v1/ResponseFormat';
import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from './llmrouter/v1/ServedBy';
import type { StreamChatRequest as _llmrouter_v1_StreamChatRequest, StreamChatRequest__Output as _llmrouter_v1_StreamChatRequest__Output } from './llmrouter/v1/StreamChatRequest';
import type { StreamChatResponse as _llmrouter_v1_StreamChatResponse, StreamChatResponse__Output as _llmrouter_v1_StreamChatResponse__Output } from './llmrouter/v1/StreamChatResponse';
import type { TokenLogprob as _llmrouter_v1_TokenLogprob, TokenLogprob__Output as _llmrouter_v1_TokenLogprob__Output } from './llmrouter/v1/TokenLogprob';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from './llmrouter/v1/Tool';
import type { ToolCall as _llmrouter_v1_ToolCall, ToolCall__Output as _llmrouter_v1_ToolCall__Output } from './llmrouter/v1/ToolCall';
import type { ToolCallDelta as _llmrouter_v1_ToolCallDelta, ToolCallDelta__Output as _llmrouter_v1_ToolCallDelta__Output } from './llmrouter/v1/ToolCallDelta';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from './llmrouter/v1/ToolChoice';
import type { TopLogprob as _llmrouter_v1_TopLogprob, TopLogprob__Output as _llmrouter_v1_TopLogprob__Output } from './llmrouter/v1/TopLogprob';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from './llmrouter/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  llmrouter: {
    v1: {
      CacheControl: MessageTypeDefinition<_llmrouter_v1_CacheControl, _llmrouter_v1_CacheControl__Output>
      CacheType: EnumTypeDefinition
      Capability: EnumTypeDefinition
      ChatDelta: MessageTypeDefinition<_llmrouter_v1_ChatDelta, _llmrouter_v1_ChatDelta__Output>
      ChatRequest: MessageTypeDefinition<_llmrouter_v1_ChatRequest, _llmrouter_v1_ChatRequest__Output>
      ChatResponse: MessageTypeDefinition<_llmrouter_v1_ChatResponse, _llmrouter_v1_ChatResponse__Output>
      /**
       * Chat with any routed model: a cloud provider or a local MLX model, one contract.
       */
      ChatService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_ChatServiceClient> & { service: _llmrouter_v1_ChatServiceDefinition }
      ChatSummary: MessageTypeDefinition<_llmrouter_v1_ChatSummary, _llmrouter_v1_ChatSummary__Output>
      ContentPart: MessageTypeDefinition<_llmrouter_v1_ContentPart, _llmrouter_v1_ContentPart__Output>
      CountTokensRequest: MessageTypeDefinition<_llmrouter_v1_CountTokensRequest, _llmrouter_v1_CountTokensRequest__Output>
      CountTokensResponse: MessageTypeDefinition<_llmrouter_v1_CountTokensResponse, _llmrouter_v1_CountTokensResponse__Output>
      DocumentPart: MessageTypeDefinition<_llmrouter_v1_DocumentPart, _llmrouter_v1_DocumentPart__Output>
      EmbedRequest: MessageTypeDefinition<_llmrouter_v1_EmbedRequest, _llmrouter_v1_EmbedRequest__Output>
      EmbedResponse: MessageTypeDefinition<_llmrouter_v1_EmbedResponse, _llmrouter_v1_EmbedResponse__Output>
      Embedding: MessageTypeDefinition<_llmrouter_v1_Embedding, _llmrouter_v1_Embedding__Output>
      FinishReason: EnumTypeDefinition
      GenerationConfig: MessageTypeDefinition<_llmrouter_v1_GenerationConfig, _llmrouter_v1_GenerationConfig__Output>
      GenerationDefaults: MessageTypeDefinition<_llmrouter_v1_GenerationDefaults, _llmrouter_v1_GenerationDefaults__Output>
      ImageDetail: EnumTypeDefinition
      ImagePart: MessageTypeDefinition<_llmrouter_v1_ImagePart, _llmrouter_v1_ImagePart__Output>
      JsonSchemaFormat: MessageTypeDefinition<_llmrouter_v1_JsonSchemaFormat, _llmrouter_v1_JsonSchemaFormat__Output>
      ListModelsRequest: MessageTypeDefinition<_llmrouter_v1_ListModelsRequest, _llmrouter_v1_ListModelsRequest__Output>
      ListModelsResponse: MessageTypeDefinition<_llmrouter_v1_ListModelsResponse, _llmrouter_v1_ListModelsResponse__Output>
      Message: MessageTypeDefinition<_llmrouter_v1_Message, _llmrouter_v1_Message__Output>
      Model: MessageTypeDefinition<_llmrouter_v1_Model, _llmrouter_v1_Model__Output>
      ModelSource: EnumTypeDefinition
      ReasoningBlock: MessageTypeDefinition<_llmrouter_v1_ReasoningBlock, _llmrouter_v1_ReasoningBlock__Output>
      ReasoningConfig: MessageTypeDefinition<_llmrouter_v1_ReasoningConfig, _llmrouter_v1_ReasoningConfig__Output>
      ReasoningEffort: EnumTypeDefinition
      ResponseFormat: MessageTypeDefinition<_llmrouter_v1_ResponseFormat, _llmrouter_v1_ResponseFormat__Output>
      ResponseFormatType: EnumTypeDefinition
      Role: EnumTypeDefinition
      ServedBy: MessageTypeDefinition<_llmrouter_v1_ServedBy, _llmrouter_v1_ServedBy__Output>
      StreamChatRequest: MessageTypeDefinition<_llmrouter_v1_StreamChatRequest, _llmrouter_v1_StreamChatRequest__Output>
      StreamChatResponse: MessageTypeDefinition<_llmrouter_v1_StreamChatResponse, _llmrouter_v1_StreamChatResponse__Output>
      TokenLogprob: MessageTypeDefinition<_llmrouter_v1_TokenLogprob, _llmrouter_v1_TokenLogprob__Output>
      Tool: MessageTypeDefinition<_llmrouter_v1_Tool, _llmrouter_v1_Tool__Output>
      ToolCall: MessageTypeDefinition<_llmrouter_v1_ToolCall, _llmrouter_v1_ToolCall__Output>
      ToolCallDelta: MessageTypeDefinition<_llmrouter_v1_ToolCallDelta, _llmrouter_v1_ToolCallDelta__Output>
      ToolChoice: MessageTypeDefinition<_llmrouter_v1_ToolChoice, _llmrouter_v1_ToolChoice__Output>
      ToolChoiceMode: EnumTypeDefinition
      TopLogprob: MessageTypeDefinition<_llmrouter_v1_TopLogprob, _llmrouter_v1_TopLogprob__Output>
      Usage: MessageTypeDefinition<_llmrouter_v1_Usage, _llmrouter_v1_Usage__Output>
    }
  }
}

