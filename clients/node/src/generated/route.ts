import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Deployment as _llmrouter_v1_Deployment, Deployment__Output as _llmrouter_v1_Deployment__Output } from './llmrouter/v1/Deployment';
import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from './llmrouter/v1/Route';
import type { RouteTarget as _llmrouter_v1_RouteTarget, RouteTarget__Output as _llmrouter_v1_RouteTarget__Output } from './llmrouter/v1/RouteTarget';

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
      BalanceStrategy: EnumTypeDefinition
      Deployment: MessageTypeDefinition<_llmrouter_v1_Deployment, _llmrouter_v1_Deployment__Output>
      Route: MessageTypeDefinition<_llmrouter_v1_Route, _llmrouter_v1_Route__Output>
      RouteTarget: MessageTypeDefinition<_llmrouter_v1_RouteTarget, _llmrouter_v1_RouteTarget__Output>
    }
  }
}

