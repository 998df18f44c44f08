import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CallerProviderKey as _llmrouter_v1_CallerProviderKey, CallerProviderKey__Output as _llmrouter_v1_CallerProviderKey__Output } from './llmrouter/v1/CallerProviderKey';
import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from './llmrouter/v1/ClientKey';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from './llmrouter/v1/GenerationDefaults';

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
      CallerProviderKey: MessageTypeDefinition<_llmrouter_v1_CallerProviderKey, _llmrouter_v1_CallerProviderKey__Output>
      ClientKey: MessageTypeDefinition<_llmrouter_v1_ClientKey, _llmrouter_v1_ClientKey__Output>
      GenerationDefaults: MessageTypeDefinition<_llmrouter_v1_GenerationDefaults, _llmrouter_v1_GenerationDefaults__Output>
    }
  }
}

