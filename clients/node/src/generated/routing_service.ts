import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CreateRouteRequest as _llmrouter_v1_CreateRouteRequest, CreateRouteRequest__Output as _llmrouter_v1_CreateRouteRequest__Output } from './llmrouter/v1/CreateRouteRequest';
import type { CreateRouteResponse as _llmrouter_v1_CreateRouteResponse, CreateRouteResponse__Output as _llmrouter_v1_CreateRouteResponse__Output } from './llmrouter/v1/CreateRouteResponse';
import type { DeleteRouteRequest as _llmrouter_v1_DeleteRouteRequest, DeleteRouteRequest__Output as _llmrouter_v1_DeleteRouteRequest__Output } from './llmrouter/v1/DeleteRouteRequest';
import type { DeleteRouteResponse as _llmrouter_v1_DeleteRouteResponse, DeleteRouteResponse__Output as _llmrouter_v1_DeleteRouteResponse__Output } from './llmrouter/v1/DeleteRouteResponse';
import type { GetRouteRequest as _llmrouter_v1_GetRouteRequest, GetRouteRequest__Output as _llmrouter_v1_GetRouteRequest__Output } from './llmrouter/v1/GetRouteRequest';
import type { GetRouteResponse as _llmrouter_v1_GetRouteResponse, GetRouteResponse__Output as _llmrouter_v1_GetRouteResponse__Output } from './llmrouter/v1/GetRouteResponse';
import type { ListRoutesRequest as _llmrouter_v1_ListRoutesRequest, ListRoutesRequest__Output as _llmrouter_v1_ListRoutesRequest__Output } from './llmrouter/v1/ListRoutesRequest';
import type { ListRoutesResponse as _llmrouter_v1_ListRoutesResponse, ListRoutesResponse__Output as _llmrouter_v1_ListRoutesResponse__Output } from './llmrouter/v1/ListRoutesResponse';
import type { ResolveRouteRequest as _llmrouter_v1_ResolveRouteRequest, ResolveRouteRequest__Output as _llmrouter_v1_ResolveRouteRequest__Output } from './llmrouter/v1/ResolveRouteRequest';
import type { ResolveRouteResponse as _llmrouter_v1_ResolveRouteResponse, ResolveRouteResponse__Output as _llmrouter_v1_ResolveRouteResponse__Output } from './llmrouter/v1/ResolveRouteResponse';
import type { ResolvedTarget as _llmrouter_v1_ResolvedTarget, ResolvedTarget__Output as _llmrouter_v1_ResolvedTarget__Output } from './llmrouter/v1/ResolvedTarget';
import type { Route as _llmrouter_v1_Route, Route__Output as _llmrouter_v1_Route__Output } from './llmrouter/v1/Route';
import type { RouteTarget as _llmrouter_v1_RouteTarget, RouteTarget__Output as _llmrouter_v1_RouteTarget__Output } from './llmrouter/v1/RouteTarget';
import type { RoutingServiceClient as _llmrouter_v1_RoutingServiceClient, RoutingServiceDefinition as _llmrouter_v1_RoutingServiceDefinition } from './llmrouter/v1/RoutingService';
import type { SkippedCandidate as _llmrouter_v1_SkippedCandidate, SkippedCandidate__Output as _llmrouter_v1_SkippedCandidate__Output } from './llmrouter/v1/SkippedCandidate';
import type { UpdateRouteRequest as _llmrouter_v1_UpdateRouteRequest, UpdateRouteRequest__Output as _llmrouter_v1_UpdateRouteRequest__Output } from './llmrouter/v1/UpdateRouteRequest';
import type { UpdateRouteResponse as _llmrouter_v1_UpdateRouteResponse, UpdateRouteResponse__Output as _llmrouter_v1_UpdateRouteResponse__Output } from './llmrouter/v1/UpdateRouteResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  llmrouter: {
    v1: {
      CreateRouteRequest: MessageTypeDefinition<_llmrouter_v1_CreateRouteRequest, _llmrouter_v1_CreateRouteRequest__Output>
      CreateRouteResponse: MessageTypeDefinition<_llmrouter_v1_CreateRouteResponse, _llmrouter_v1_CreateRouteResponse__Output>
      DeleteRouteRequest: MessageTypeDefinition<_llmrouter_v1_DeleteRouteRequest, _llmrouter_v1_DeleteRouteRequest__Output>
      DeleteRouteResponse: MessageTypeDefinition<_llmrouter_v1_DeleteRouteResponse, _llmrouter_v1_DeleteRouteResponse__Output>
      GetRouteRequest: MessageTypeDefinition<_llmrouter_v1_GetRouteRequest, _llmrouter_v1_GetRouteRequest__Output>
      GetRouteResponse: MessageTypeDefinition<_llmrouter_v1_GetRouteResponse, _llmrouter_v1_GetRouteResponse__Output>
      ListRoutesRequest: MessageTypeDefinition<_llmrouter_v1_ListRoutesRequest, _llmrouter_v1_ListRoutesRequest__Output>
      ListRoutesResponse: MessageTypeDefinition<_llmrouter_v1_ListRoutesResponse, _llmrouter_v1_ListRoutesResponse__Output>
      MatchKind: EnumTypeDefinition
      ResolveRouteRequest: MessageTypeDefinition<_llmrouter_v1_ResolveRouteRequest, _llmrouter_v1_ResolveRouteRequest__Output>
      ResolveRouteResponse: MessageTypeDefinition<_llmrouter_v1_ResolveRouteResponse, _llmrouter_v1_ResolveRouteResponse__Output>
      ResolvedTarget: MessageTypeDefinition<_llmrouter_v1_ResolvedTarget, _llmrouter_v1_ResolvedTarget__Output>
      Route: MessageTypeDefinition<_llmrouter_v1_Route, _llmrouter_v1_Route__Output>
      RouteTarget: MessageTypeDefinition<_llmrouter_v1_RouteTarget, _llmrouter_v1_RouteTarget__Output>
      /**
       * Administers routing rules and explains routing decisions. Needs the `admin` scope.
       */
      RoutingService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_RoutingServiceClient> & { service: _llmrouter_v1_RoutingServiceDefinition }
      SkippedCandidate: MessageTypeDefinition<_llmrouter_v1_SkippedCandidate, _llmrouter_v1_SkippedCandidate__Output>
      UpdateRouteRequest: MessageTypeDefinition<_llmrouter_v1_UpdateRouteRequest, _llmrouter_v1_UpdateRouteRequest__Output>
      UpdateRouteResponse: MessageTypeDefinition<_llmrouter_v1_UpdateRouteResponse, _llmrouter_v1_UpdateRouteResponse__Output>
    }
  }
}

