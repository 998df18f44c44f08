import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { ModelCapabilities as _llmrouter_v1_ModelCapabilities, ModelCapabilities__Output as _llmrouter_v1_ModelCapabilities__Output } from './llmrouter/v1/ModelCapabilities';
import type { Provider as _llmrouter_v1_Provider, Provider__Output as _llmrouter_v1_Provider__Output } from './llmrouter/v1/Provider';
import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from './llmrouter/v1/ProviderModel';
import type { ProviderTemplate as _llmrouter_v1_ProviderTemplate, ProviderTemplate__Output as _llmrouter_v1_ProviderTemplate__Output } from './llmrouter/v1/ProviderTemplate';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  llmrouter: {
    v1: {
      ApiType: EnumTypeDefinition
      ModelCapabilities: MessageTypeDefinition<_llmrouter_v1_ModelCapabilities, _llmrouter_v1_ModelCapabilities__Output>
      Provider: MessageTypeDefinition<_llmrouter_v1_Provider, _llmrouter_v1_Provider__Output>
      ProviderModel: MessageTypeDefinition<_llmrouter_v1_ProviderModel, _llmrouter_v1_ProviderModel__Output>
      ProviderTemplate: MessageTypeDefinition<_llmrouter_v1_ProviderTemplate, _llmrouter_v1_ProviderTemplate__Output>
    }
  }
}

