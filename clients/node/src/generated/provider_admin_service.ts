import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { CacheControl as _llmrouter_v1_CacheControl, CacheControl__Output as _llmrouter_v1_CacheControl__Output } from './llmrouter/v1/CacheControl';
import type { ChatDelta as _llmrouter_v1_ChatDelta, ChatDelta__Output as _llmrouter_v1_ChatDelta__Output } from './llmrouter/v1/ChatDelta';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from './llmrouter/v1/ChatSummary';
import type { ContentPart as _llmrouter_v1_ContentPart, ContentPart__Output as _llmrouter_v1_ContentPart__Output } from './llmrouter/v1/ContentPart';
import type { CreateProviderModelRequest as _llmrouter_v1_CreateProviderModelRequest, CreateProviderModelRequest__Output as _llmrouter_v1_CreateProviderModelRequest__Output } from './llmrouter/v1/CreateProviderModelRequest';
import type { CreateProviderModelResponse as _llmrouter_v1_CreateProviderModelResponse, CreateProviderModelResponse__Output as _llmrouter_v1_CreateProviderModelResponse__Output } from './llmrouter/v1/CreateProviderModelResponse';
import type { CreateProviderRequest as _llmrouter_v1_CreateProviderRequest, CreateProviderRequest__Output as _llmrouter_v1_CreateProviderRequest__Output } from './llmrouter/v1/CreateProviderRequest';
import type { CreateProviderResponse as _llmrouter_v1_CreateProviderResponse, CreateProviderResponse__Output as _llmrouter_v1_CreateProviderResponse__Output } from './llmrouter/v1/CreateProviderResponse';
import type { DeleteProviderModelRequest as _llmrouter_v1_DeleteProviderModelRequest, DeleteProviderModelRequest__Output as _llmrouter_v1_DeleteProviderModelRequest__Output } from './llmrouter/v1/DeleteProviderModelRequest';
import type { DeleteProviderModelResponse as _llmrouter_v1_DeleteProviderModelResponse, DeleteProviderModelResponse__Output as _llmrouter_v1_DeleteProviderModelResponse__Output } from './llmrouter/v1/DeleteProviderModelResponse';
import type { DeleteProviderRequest as _llmrouter_v1_DeleteProviderRequest, DeleteProviderRequest__Output as _llmrouter_v1_DeleteProviderRequest__Output } from './llmrouter/v1/DeleteProviderRequest';
import type { DeleteProviderResponse as _llmrouter_v1_DeleteProviderResponse, DeleteProviderResponse__Output as _llmrouter_v1_DeleteProviderResponse__Output } from './llmrouter/v1/DeleteProviderResponse';
import type { DiscoverProviderModelsRequest as _llmrouter_v1_DiscoverProviderModelsRequest, DiscoverProviderModelsRequest__Output as _llmrouter_v1_DiscoverProviderModelsRequest__Output } from './llmrouter/v1/DiscoverProviderModelsRequest';
import type { DiscoverProviderModelsResponse as _llmrouter_v1_DiscoverProviderModelsResponse, DiscoverProviderModelsResponse__Output as _llmrouter_v1_DiscoverProviderModelsResponse__Output } from './llmrouter/v1/DiscoverProviderModelsResponse';
import type { DiscoveredModel as _llmrouter_v1_DiscoveredModel, DiscoveredModel__Output as _llmrouter_v1_DiscoveredModel__Output } from './llmrouter/v1/DiscoveredModel';
import type { DocumentPart as _llmrouter_v1_DocumentPart, DocumentPart__Output as _llmrouter_v1_DocumentPart__Output } from './llmrouter/v1/DocumentPart';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from './llmrouter/v1/GenerationConfig';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from './llmrouter/v1/GenerationDefaults';
import type { GetProviderRequest as _llmrouter_v1_GetProviderRequest, GetProviderRequest__Output as _llmrouter_v1_GetProviderRequest__Output } from './llmrouter/v1/GetProviderRequest';
import type { GetProviderResponse as _llmrouter_v1_GetProviderResponse, GetProviderResponse__Output as _llmrouter_v1_GetProviderResponse__Output } from './llmrouter/v1/GetProviderResponse';
import type { ImagePart as _llmrouter_v1_ImagePart, ImagePart__Output as _llmrouter_v1_ImagePart__Output } from './llmrouter/v1/ImagePart';
import type { JsonSchemaFormat as _llmrouter_v1_JsonSchemaFormat, JsonSchemaFormat__Output as _llmrouter_v1_JsonSchemaFormat__Output } from './llmrouter/v1/JsonSchemaFormat';
import type { ListProviderModelsRequest as _llmrouter_v1_ListProviderModelsRequest, ListProviderModelsRequest__Output as _llmrouter_v1_ListProviderModelsRequest__Output } from './llmrouter/v1/ListProviderModelsRequest';
import type { ListProviderModelsResponse as _llmrouter_v1_ListProviderModelsResponse, ListProviderModelsResponse__Output as _llmrouter_v1_ListProviderModelsResponse__Output } from './llmrouter/v1/ListProviderModelsResponse';
import type { ListProviderTemplatesRequest as _llmrouter_v1_ListProviderTemplatesRequest, ListProviderTemplatesRequest__Output as _llmrouter_v1_ListProviderTemplatesRequest__Output } from './llmrouter/v1/ListProviderTemplatesRequest';
import type { ListProviderTemplatesResponse as _llmrouter_v1_ListProviderTemplatesResponse, ListProviderTemplatesResponse__Output as _llmrouter_v1_ListProviderTemplatesResponse__Output } from './llmrouter/v1/ListProviderTemplatesResponse';
import type { ListProvidersRequest as _llmrouter_v1_ListProvidersRequest, ListProvidersRequest__Output as _llmrouter_v1_ListProvidersRequest__Output } from './llmrouter/v1/ListProvidersRequest';
import type { ListProvidersResponse as _llmrouter_v1_ListProvidersResponse, ListProvidersResponse__Output as _llmrouter_v1_ListProvidersResponse__Output } from './llmrouter/v1/ListProvidersResponse';
import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from './llmrouter/v1/Message';
import type { ModelCapabilities as _llmrouter_v1_ModelCapabilities, ModelCapabilities__Output as _llmrouter_v1_ModelCapabilities__Output } from './llmrouter/v1/ModelCapabilities';
import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from './llmrouter/v1/Provider';
import type { ProviderAdminServiceClient as _llmrouter_v1_ProviderAdminServiceClient, ProviderAdminServiceDefinition as _llmrouter_v1_ProviderAdminServiceDefinition } from './llmrouter/v1/ProviderAdminService';
import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from './llmrouter/v1/ProviderModel';
import type { ProviderTemplate as _llmrouter_v1_ProviderTemplate, ProviderTemplate__Output as _llmrouter_v1_ProviderTemplate__Output } from './llmrouter/v1/ProviderTemplate';
import type { ReasoningBlock as _llmrouter_v1_ReasoningBlock, ReasoningBlock__Output as _llmrouter_v1_ReasoningBlock__Output } from './llmrouter/v1/ReasoningBlock';
import type { ReasoningConfig as _llmrouter_v1_ReasoningConfig, ReasoningConfig__Output as _llmrouter_v1_ReasoningConfig__Output } from './llmrouter/v1/ReasoningConfig';
import type { ResponseFormat as _llmrouter_v1_ResponseFormat, ResponseFormat__Output as _llmrouter_v1_ResponseFormat__Output } from './llmrouter/v1/ResponseFormat';
import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from './llmrouter/v1/ServedBy';
import type { TokenLogprob as _llmrouter_v1_TokenLogprob, TokenLogprob__Output as _llmrouter_v1_TokenLogprob__Output } from './llmrouter/v1/TokenLogprob';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from './llmrouter/v1/Tool';
import type { ToolCall as _llmrouter_v1_ToolCall, ToolCall__Output as _llmrouter_v1_ToolCall__Output } from './llmrouter/v1/ToolCall';
import type { ToolCallDelta as _llmrouter_v1_ToolCallDelta, ToolCallDelta__Output as _llmrouter_v1_ToolCallDelta__Output } from './llmrouter/v1/ToolCallDelta';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from './llmrouter/v1/ToolChoice';
import type { TopLogprob as _llmrouter_v1_TopLogprob, TopLogprob__Output as _llmrouter_v1_TopLogprob__Output } from './llmrouter/v1/TopLogprob';
import type { UnloadProviderModelRequest as _llmrouter_v1_UnloadProviderModelRequest, UnloadProviderModelRequest__Output as _llmrouter_v1_UnloadProviderModelRequest__Output } from './llmrouter/v1/UnloadProviderModelRequest';
import type { UnloadProviderModelResponse as _llmrouter_v1_UnloadProviderModelResponse, UnloadProviderModelResponse__Output as _llmrouter_v1_UnloadProviderModelResponse__Output } from './llmrouter/v1/UnloadProviderModelResponse';
import type { UpdateProviderModelRequest as _llmrouter_v1_UpdateProviderModelRequest, UpdateProviderModelRequest__Output as _llmrouter_v1_UpdateProviderModelRequest__Output } from './llmrouter/v1/UpdateProviderModelRequest';
import type { UpdateProviderModelResponse as _llmrouter_v1_UpdateProviderModelResponse, UpdateProviderModelResponse__Output as _llmrouter_v1_UpdateProviderModelResponse__Output } from './llmrouter/v1/UpdateProviderModelResponse';
import type { UpdateProviderRequest as _llmrouter_v1_UpdateProviderRequest, UpdateProviderRequest__Output as _llmrouter_v1_UpdateProviderRequest__Output } from './llmrouter/v1/UpdateProviderRequest';
import type { UpdateProviderResponse as _llmrouter_v1_UpdateProviderResponse, UpdateProviderResponse__Output as _llmrouter_v1_UpdateProviderResponse__Output } from './llmrouter/v1/UpdateProviderResponse';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from './llmrouter/v1/Usage';
import type { VerifyProviderRequest as _llmrouter_v1_VerifyProviderRequest, VerifyProviderRequest__Output as _llmrouter_v1_VerifyProviderRequest__Output } from './llmrouter/v1/VerifyProviderRequest';
import type { VerifyProviderResponse as _llmrouter_v1_VerifyProviderResponse, VerifyProviderResponse__Output as _llmrouter_v1_VerifyProviderResponse__Output } from './llmrouter/v1/VerifyProviderResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  llmrouter: {
    v1: {
      ApiType: EnumTypeDefinition
      CacheControl: MessageTypeDefinition<_llmrouter_v1_CacheControl, _llmrouter_v1_CacheControl__Output>
      CacheType: EnumTypeDefinition
      Capability: EnumTypeDefinition
      ChatDelta: MessageTypeDefinition<_llmrouter_v1_ChatDelta, _llmrouter_v1_ChatDelta__Output>
      ChatSummary: MessageTypeDefinition<_llmrouter_v1_ChatSummary, _llmrouter_v1_ChatSummary__Output>
      ContentPart: MessageTypeDefinition<_llmrouter_v1_ContentPart, _llmrouter_v1_ContentPart__Output>
      CreateProviderModelRequest: MessageTypeDefinition<_llmrouter_v1_CreateProviderModelRequest, _llmrouter_v1_CreateProviderModelRequest__Output>
      CreateProviderModelResponse: MessageTypeDefinition<_llmrouter_v1_CreateProviderModelResponse, _llmrouter_v1_CreateProviderModelResponse__Output>
      CreateProviderRequest: MessageTypeDefinition<_llmrouter_v1_CreateProviderRequest, _llmrouter_v1_CreateProviderRequest__Output>
      CreateProviderResponse: MessageTypeDefinition<_llmrouter_v1_CreateProviderResponse, _llmrouter_v1_CreateProviderResponse__Output>
      DeleteProviderModelRequest: MessageTypeDefinition<_llmrouter_v1_DeleteProviderModelRequest, _llmrouter_v1_DeleteProviderModelRequest__Output>
      DeleteProviderModelResponse: MessageTypeDefinition<_llmrouter_v1_DeleteProviderModelResponse, _llmrouter_v1_DeleteProviderModelResponse__Output>
      DeleteProviderRequest: MessageTypeDefinition<_llmrouter_v1_DeleteProviderRequest, _llmrouter_v1_DeleteProviderRequest__Output>
      DeleteProviderResponse: MessageTypeDefinition<_llmrouter_v1_DeleteProviderResponse, _llmrouter_v1_DeleteProviderResponse__Output>
      DiscoverProviderModelsRequest: MessageTypeDefinition<_llmrouter_v1_DiscoverProviderModelsRequest, _llmrouter_v1_DiscoverProviderModelsRequest__Output>
      DiscoverProviderModelsResponse: MessageTypeDefinition<_llmrouter_v1_DiscoverProviderModelsResponse, _llmrouter_v1_DiscoverProviderModelsResponse__Output>
      DiscoveredModel: MessageTypeDefinition<_llmrouter_v1_DiscoveredModel, _llmrouter_v1_DiscoveredModel__Output>
      DocumentPart: MessageTypeDefinition<_llmrouter_v1_DocumentPart, _llmrouter_v1_DocumentPart__Output>
      FinishReason: EnumTypeDefinition
      GenerationConfig: MessageTypeDefinition<_llmrouter_v1_GenerationConfig, _llmrouter_v1_GenerationConfig__Output>
      GenerationDefaults: MessageTypeDefinition<_llmrouter_v1_GenerationDefaults, _llmrouter_v1_GenerationDefaults__Output>
      GetProviderRequest: MessageTypeDefinition<_llmrouter_v1_GetProviderRequest, _llmrouter_v1_GetProviderRequest__Output>
      GetProviderResponse: MessageTypeDefinition<_llmrouter_v1_GetProviderResponse, _llmrouter_v1_GetProviderResponse__Output>
      ImageDetail: EnumTypeDefinition
      ImagePart: MessageTypeDefinition<_llmrouter_v1_ImagePart, _llmrouter_v1_ImagePart__Output>
      JsonSchemaFormat: MessageTypeDefinition<_llmrouter_v1_JsonSchemaFormat, _llmrouter_v1_JsonSchemaFormat__Output>
      ListProviderModelsRequest: MessageTypeDefinition<_llmrouter_v1_ListProviderModelsRequest, _llmrouter_v1_ListProviderModelsRequest__Output>
      ListProviderModelsResponse: MessageTypeDefinition<_llmrouter_v1_ListProviderModelsResponse, _llmrouter_v1_ListProviderModelsResponse__Output>
      ListProviderTemplatesRequest: MessageTypeDefinition<_llmrouter_v1_ListProviderTemplatesRequest, _llmrouter_v1_ListProviderTemplatesRequest__Output>
      ListProviderTemplatesResponse: MessageTypeDefinition<_llmrouter_v1_ListProviderTemplatesResponse, _llmrouter_v1_ListProviderTemplatesResponse__Output>
      ListProvidersRequest: MessageTypeDefinition<_llmrouter_v1_ListProvidersRequest, _llmrouter_v1_ListProvidersRequest__Output>
      ListProvidersResponse: MessageTypeDefinition<_llmrouter_v1_ListProvidersResponse, _llmrouter_v1_ListProvidersResponse__Output>
      Message: MessageTypeDefinition<_llmrouter_v1_Message, _llmrouter_v1_Message__Output>
      ModelCapabilities: MessageTypeDefinition<_llmrouter_v1_ModelCapabilities, _llmrouter_v1_ModelCapabilities__Output>
      Provider: MessageTypeDefinition<_llmrouter_v1_Provider, _llmrouter_v1_Provider__Output>
      /**
       * Administers providers, their models and their encrypted API keys. Needs the `admin` scope.
       */
      ProviderAdminService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_ProviderAdminServiceClient> & { service: _llmrouter_v1_ProviderAdminServiceDefinition }
      ProviderModel: MessageTypeDefinition<_llmrouter_v1_ProviderModel, _llmrouter_v1_ProviderModel__Output>
      ProviderTemplate: MessageTypeDefinition<_llmrouter_v1_ProviderTemplate, _llmrouter_v1_ProviderTemplate__Output>
      ReasoningBlock: MessageTypeDefinition<_llmrouter_v1_ReasoningBlock, _llmrouter_v1_ReasoningBlock__Output>
      ReasoningConfig: MessageTypeDefinition<_llmrouter_v1_ReasoningConfig, _llmrouter_v1_ReasoningConfig__Output>
      ReasoningEffort: EnumTypeDefinition
      ResponseFormat: MessageTypeDefinition<_llmrouter_v1_ResponseFormat, _llmrouter_v1_ResponseFormat__Output>
      ResponseFormatType: EnumTypeDefinition
      Role: EnumTypeDefinition
      ServedBy: MessageTypeDefinition<_llmrouter_v1_ServedBy, _llmrouter_v1_ServedBy__Output>
      TokenLogprob: MessageTypeDefinition<_llmrouter_v1_TokenLogprob, _llmrouter_v1_TokenLogprob__Output>
      Tool: MessageTypeDefinition<_llmrouter_v1_Tool, _llmrouter_v1_Tool__Output>
      ToolCall: MessageTypeDefinition<_llmrouter_v1_ToolCall, _llmrouter_v1_ToolCall__Output>
      ToolCallDelta: MessageTypeDefinition<_llmrouter_v1_ToolCallDelta, _llmrouter_v1_ToolCallDelta__Output>
      ToolChoice: MessageTypeDefinition<_llmrouter_v1_ToolChoice, _llmrouter_v1_ToolChoice__Output>
      ToolChoiceMode: EnumTypeDefinition
      TopLogprob: MessageTypeDefinition<_llmrouter_v1_TopLogprob, _llmrouter_v1_TopLogprob__Output>
      UnloadProviderModelRequest: MessageTypeDefinition<_llmrouter_v1_UnloadProviderModelRequest, _llmrouter_v1_UnloadProviderModelRequest__Output>
      UnloadProviderModelResponse: MessageTypeDefinition<_llmrouter_v1_UnloadProviderModelResponse, _llmrouter_v1_UnloadProviderModelResponse__Output>
      UpdateProviderModelRequest: MessageTypeDefinition<_llmrouter_v1_UpdateProviderModelRequest, _llmrouter_v1_UpdateProviderModelRequest__Output>
      UpdateProviderModelResponse: MessageTypeDefinition<_llmrouter_v1_UpdateProviderModelResponse, _llmrouter_v1_UpdateProviderModelResponse__Output>
      UpdateProviderRequest: MessageTypeDefinition<_llmrouter_v1_UpdateProviderRequest, _llmrouter_v1_UpdateProviderRequest__Output>
      UpdateProviderResponse: MessageTypeDefinition<_llmrouter_v1_UpdateProviderResponse, _llmrouter_v1_UpdateProviderResponse__Output>
      Usage: MessageTypeDefinition<_llmrouter_v1_Usage, _llmrouter_v1_Usage__Output>
      VerifyFailureKind: EnumTypeDefinition
      VerifyProviderRequest: MessageTypeDefinition<_llmrouter_v1_VerifyProviderRequest, _llmrouter_v1_VerifyProviderRequest__Output>
      VerifyProviderResponse: MessageTypeDefinition<_llmrouter_v1_VerifyProviderResponse, _llmrouter_v1_VerifyProviderResponse__Output>
    }
  }
}

