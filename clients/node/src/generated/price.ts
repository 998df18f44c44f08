import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from './llmrouter/v1/Price';

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
      Price: MessageTypeDefinition<_llmrouter_v1_Price, _llmrouter_v1_Price__Output>
    }
  }
}

