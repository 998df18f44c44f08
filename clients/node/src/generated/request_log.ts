import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { RequestLogEntry as _llmrouter_v1_RequestLogEntry, RequestLogEntry__Output as _llmrouter_v1_RequestLogEntry__Output } from './llmrouter/v1/RequestLogEntry';
import type { UsageTotal as _llmrouter_v1_UsageTotal, UsageTotal__Output as _llmrouter_v1_UsageTotal__Output } from './llmrouter/v1/UsageTotal';

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
      RequestLogEntry: MessageTypeDefinition<_llmrouter_v1_RequestLogEntry, _llmrouter_v1_RequestLogEntry__Output>
      UsageTotal: MessageTypeDefinition<_llmrouter_v1_UsageTotal, _llmrouter_v1_UsageTotal__Output>
    }
  }
}

