// Original file: llmrouter/v1/routing_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateRouteRequest as _llmrouter_v1_CreateRouteRequest, CreateRouteRequest__Output as _llmrouter_v1_CreateRouteRequest__Output } from '../../llmrouter/v1/CreateRouteRequest';
import type { CreateRouteResponse as _llmrouter_v1_CreateRouteResponse, CreateRouteResponse__Output as _llmrouter_v1_CreateRouteResponse__Output } from '../../llmrouter/v1/CreateRouteResponse';
import type { DeleteRouteRequest as _llmrouter_v1_DeleteRouteRequest, DeleteRouteRequest__Output as _llmrouter_v1_DeleteRouteRequest__Output } from '../../llmrouter/v1/DeleteRouteRequest';
import type { DeleteRouteResponse as _llmrouter_v1_DeleteRouteResponse, DeleteRouteResponse__Output as _llmrouter_v1_DeleteRouteResponse__Output } from '../../llmrouter/v1/DeleteRouteResponse';
import type { GetRouteRequest as _llmrouter_v1_GetRouteRequest, GetRouteRequest__Output as _llmrouter_v1_GetRouteRequest__Output } from '../../llmrouter/v1/GetRouteRequest';
import type { GetRouteResponse as _llmrouter_v1_GetRouteResponse, GetRouteResponse__Output as _llmrouter_v1_GetRouteResponse__Output } from '../../llmrouter/v1/GetRouteResponse';
import type { ListRoutesRequest as _llmrouter_v1_ListRoutesRequest, ListRoutesRequest__Output as _llmrouter_v1_ListRoutesRequest__Output } from '../../llmrouter/v1/ListRoutesRequest';
import type { ListRoutesResponse as _llmrouter_v1_ListRoutesResponse, ListRoutesResponse__Output as _llmrouter_v1_ListRoutesResponse__Output } from '../../llmrouter/v1/ListRoutesResponse';
import type { ResolveRouteRequest as _llmrouter_v1_ResolveRouteRequest, ResolveRouteRequest__Output as _llmrouter_v1_ResolveRouteRequest__Output } from '../../llmrouter/v1/ResolveRouteRequest';
import type { ResolveRouteResponse as _llmrouter_v1_ResolveRouteResponse, ResolveRouteResponse__Output as _llmrouter_v1_ResolveRouteResponse__Output } from '../../llmrouter/v1/ResolveRouteResponse';
import type { UpdateRouteRequest as _llmrouter_v1_UpdateRouteRequest, UpdateRouteRequest__Output as _llmrouter_v1_UpdateRouteRequest__Output } from '../../llmrouter/v1/UpdateRouteRequest';
import type { UpdateRouteResponse as _llmrouter_v1_UpdateRouteResponse, UpdateRouteResponse__Output as _llmrouter_v1_UpdateRouteResponse__Output } from '../../llmrouter/v1/UpdateRouteResponse';

/**
 * Administers routing rules and explains routing decisions. Needs the `admin` scope.
 */
export interface RoutingServiceClient extends grpc.Client {
  /**
   * Creates a routing rule.
   */
  CreateRoute(argument: _llmrouter_v1_CreateRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  CreateRoute(argument: _llmrouter_v1_CreateRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  CreateRoute(argument: _llmrouter_v1_CreateRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  CreateRoute(argument: _llmrouter_v1_CreateRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a routing rule.
   */
  createRoute(argument: _llmrouter_v1_CreateRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  createRoute(argument: _llmrouter_v1_CreateRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  createRoute(argument: _llmrouter_v1_CreateRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  createRoute(argument: _llmrouter_v1_CreateRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateRouteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a routing rule.
   */
  DeleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  DeleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  DeleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  DeleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a routing rule.
   */
  deleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  deleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  deleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  deleteRoute(argument: _llmrouter_v1_DeleteRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteRouteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gets a routing rule.
   */
  GetRoute(argument: _llmrouter_v1_GetRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  GetRoute(argument: _llmrouter_v1_GetRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  GetRoute(argument: _llmrouter_v1_GetRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  GetRoute(argument: _llmrouter_v1_GetRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gets a routing rule.
   */
  getRoute(argument: _llmrouter_v1_GetRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  getRoute(argument: _llmrouter_v1_GetRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  getRoute(argument: _llmrouter_v1_GetRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  getRoute(argument: _llmrouter_v1_GetRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_GetRouteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists routing rules in evaluation order.
   */
  ListRoutes(argument: _llmrouter_v1_ListRoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  ListRoutes(argument: _llmrouter_v1_ListRoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  ListRoutes(argument: _llmrouter_v1_ListRoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  ListRoutes(argument: _llmrouter_v1_ListRoutesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists routing rules in evaluation order.
   */
  listRoutes(argument: _llmrouter_v1_ListRoutesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  listRoutes(argument: _llmrouter_v1_ListRoutesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  listRoutes(argument: _llmrouter_v1_ListRoutesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  listRoutes(argument: _llmrouter_v1_ListRoutesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListRoutesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Dry run: what StreamChat would try for a model, in order, and why.
   */
  ResolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  ResolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  ResolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  ResolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Dry run: what StreamChat would try for a model, in order, and why.
   */
  resolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  resolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  resolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  resolveRoute(argument: _llmrouter_v1_ResolveRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_ResolveRouteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateRoute(argument: _llmrouter_v1_UpdateRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  UpdateRoute(argument: _llmrouter_v1_UpdateRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  UpdateRoute(argument: _llmrouter_v1_UpdateRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  UpdateRoute(argument: _llmrouter_v1_UpdateRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates the fields named in update_mask.
   */
  updateRoute(argument: _llmrouter_v1_UpdateRouteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  updateRoute(argument: _llmrouter_v1_UpdateRouteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  updateRoute(argument: _llmrouter_v1_UpdateRouteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  updateRoute(argument: _llmrouter_v1_UpdateRouteRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateRouteResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administers routing rules and explains routing decisions. Needs the `admin` scope.
 */
export interface RoutingServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a routing rule.
   */
  CreateRoute: grpc.handleUnaryCall<_llmrouter_v1_CreateRouteRequest__Output, _llmrouter_v1_CreateRouteResponse>;
  
  /**
   * Deletes a routing rule.
   */
  DeleteRoute: grpc.handleUnaryCall<_llmrouter_v1_DeleteRouteRequest__Output, _llmrouter_v1_DeleteRouteResponse>;
  
  /**
   * Gets a routing rule.
   */
  GetRoute: grpc.handleUnaryCall<_llmrouter_v1_GetRouteRequest__Output, _llmrouter_v1_GetRouteResponse>;
  
  /**
   * Lists routing rules in evaluation order.
   */
  ListRoutes: grpc.handleUnaryCall<_llmrouter_v1_ListRoutesRequest__Output, _llmrouter_v1_ListRoutesResponse>;
  
  /**
   * Dry run: what StreamChat would try for a model, in order, and why.
   */
  ResolveRoute: grpc.handleUnaryCall<_llmrouter_v1_ResolveRouteRequest__Output, _llmrouter_v1_ResolveRouteResponse>;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateRoute: grpc.handleUnaryCall<_llmrouter_v1_UpdateRouteRequest__Output, _llmrouter_v1_UpdateRouteResponse>;
  
}

export interface RoutingServiceDefinition extends grpc.ServiceDefinition {
  CreateRoute: MethodDefinition<_llmrouter_v1_CreateRouteRequest, _llmrouter_v1_CreateRouteResponse, _llmrouter_v1_CreateRouteRequest__Output, _llmrouter_v1_CreateRouteResponse__Output>
  DeleteRoute: MethodDefinition<_llmrouter_v1_DeleteRouteRequest, _llmrouter_v1_DeleteRouteResponse, _llmrouter_v1_DeleteRouteRequest__Output, _llmrouter_v1_DeleteRouteResponse__Output>
  GetRoute: MethodDefinition<_llmrouter_v1_GetRouteRequest, _llmrouter_v1_GetRouteResponse, _llmrouter_v1_GetRouteRequest__Output, _llmrouter_v1_GetRouteResponse__Output>
  ListRoutes: MethodDefinition<_llmrouter_v1_ListRoutesRequest, _llmrouter_v1_ListRoutesResponse, _llmrouter_v1_ListRoutesRequest__Output, _llmrouter_v1_ListRoutesResponse__Output>
  ResolveRoute: MethodDefinition<_llmrouter_v1_ResolveRouteRequest, _llmrouter_v1_ResolveRouteResponse, _llmrouter_v1_ResolveRouteRequest__Output, _llmrouter_v1_ResolveRouteResponse__Output>
  UpdateRoute: MethodDefinition<_llmrouter_v1_UpdateRouteRequest, _llmrouter_v1_UpdateRouteResponse, _llmrouter_v1_UpdateRouteRequest__Output, _llmrouter_v1_UpdateRouteResponse__Output>
}
