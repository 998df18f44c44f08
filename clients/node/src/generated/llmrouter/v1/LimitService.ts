// Original file: llmrouter/v1/limit_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateLimitRequest as _llmrouter_v1_CreateLimitRequest, CreateLimitRequest__Output as _llmrouter_v1_CreateLimitRequest__Output } from '../../llmrouter/v1/CreateLimitRequest';
import type { CreateLimitResponse as _llmrouter_v1_CreateLimitResponse, CreateLimitResponse__Output as _llmrouter_v1_CreateLimitResponse__Output } from '../../llmrouter/v1/CreateLimitResponse';
import type { DeleteLimitRequest as _llmrouter_v1_DeleteLimitRequest, DeleteLimitRequest__Output as _llmrouter_v1_DeleteLimitRequest__Output } from '../../llmrouter/v1/DeleteLimitRequest';
import type { DeleteLimitResponse as _llmrouter_v1_DeleteLimitResponse, DeleteLimitResponse__Output as _llmrouter_v1_DeleteLimitResponse__Output } from '../../llmrouter/v1/DeleteLimitResponse';
import type { GetLimitRequest as _llmrouter_v1_GetLimitRequest, GetLimitRequest__Output as _llmrouter_v1_GetLimitRequest__Output } from '../../llmrouter/v1/GetLimitRequest';
import type { GetLimitResponse as _llmrouter_v1_GetLimitResponse, GetLimitResponse__Output as _llmrouter_v1_GetLimitResponse__Output } from '../../llmrouter/v1/GetLimitResponse';
import type { ListLimitsRequest as _llmrouter_v1_ListLimitsRequest, ListLimitsRequest__Output as _llmrouter_v1_ListLimitsRequest__Output } from '../../llmrouter/v1/ListLimitsRequest';
import type { ListLimitsResponse as _llmrouter_v1_ListLimitsResponse, ListLimitsResponse__Output as _llmrouter_v1_ListLimitsResponse__Output } from '../../llmrouter/v1/ListLimitsResponse';
import type { UpdateLimitRequest as _llmrouter_v1_UpdateLimitRequest, UpdateLimitRequest__Output as _llmrouter_v1_UpdateLimitRequest__Output } from '../../llmrouter/v1/UpdateLimitRequest';
import type { UpdateLimitResponse as _llmrouter_v1_UpdateLimitResponse, UpdateLimitResponse__Output as _llmrouter_v1_UpdateLimitResponse__Output } from '../../llmrouter/v1/UpdateLimitResponse';

/**
 * Administers rate limits and budgets (`limits/{limit}`). Needs the `admin` scope.
 */
export interface LimitServiceClient extends grpc.Client {
  /**
   * Creates a limit.
   */
  CreateLimit(argument: _llmrouter_v1_CreateLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  CreateLimit(argument: _llmrouter_v1_CreateLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  CreateLimit(argument: _llmrouter_v1_CreateLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  CreateLimit(argument: _llmrouter_v1_CreateLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a limit.
   */
  createLimit(argument: _llmrouter_v1_CreateLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  createLimit(argument: _llmrouter_v1_CreateLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  createLimit(argument: _llmrouter_v1_CreateLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  createLimit(argument: _llmrouter_v1_CreateLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateLimitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a limit.
   */
  DeleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  DeleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  DeleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  DeleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a limit.
   */
  deleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  deleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  deleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  deleteLimit(argument: _llmrouter_v1_DeleteLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteLimitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gets a limit.
   */
  GetLimit(argument: _llmrouter_v1_GetLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  GetLimit(argument: _llmrouter_v1_GetLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  GetLimit(argument: _llmrouter_v1_GetLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  GetLimit(argument: _llmrouter_v1_GetLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gets a limit.
   */
  getLimit(argument: _llmrouter_v1_GetLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  getLimit(argument: _llmrouter_v1_GetLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  getLimit(argument: _llmrouter_v1_GetLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  getLimit(argument: _llmrouter_v1_GetLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_GetLimitResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists limits by name.
   */
  ListLimits(argument: _llmrouter_v1_ListLimitsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  ListLimits(argument: _llmrouter_v1_ListLimitsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  ListLimits(argument: _llmrouter_v1_ListLimitsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  ListLimits(argument: _llmrouter_v1_ListLimitsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists limits by name.
   */
  listLimits(argument: _llmrouter_v1_ListLimitsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  listLimits(argument: _llmrouter_v1_ListLimitsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  listLimits(argument: _llmrouter_v1_ListLimitsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  listLimits(argument: _llmrouter_v1_ListLimitsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListLimitsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateLimit(argument: _llmrouter_v1_UpdateLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  UpdateLimit(argument: _llmrouter_v1_UpdateLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  UpdateLimit(argument: _llmrouter_v1_UpdateLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  UpdateLimit(argument: _llmrouter_v1_UpdateLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates the fields named in update_mask.
   */
  updateLimit(argument: _llmrouter_v1_UpdateLimitRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  updateLimit(argument: _llmrouter_v1_UpdateLimitRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  updateLimit(argument: _llmrouter_v1_UpdateLimitRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  updateLimit(argument: _llmrouter_v1_UpdateLimitRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateLimitResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administers rate limits and budgets (`limits/{limit}`). Needs the `admin` scope.
 */
export interface LimitServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a limit.
   */
  CreateLimit: grpc.handleUnaryCall<_llmrouter_v1_CreateLimitRequest__Output, _llmrouter_v1_CreateLimitResponse>;
  
  /**
   * Deletes a limit.
   */
  DeleteLimit: grpc.handleUnaryCall<_llmrouter_v1_DeleteLimitRequest__Output, _llmrouter_v1_DeleteLimitResponse>;
  
  /**
   * Gets a limit.
   */
  GetLimit: grpc.handleUnaryCall<_llmrouter_v1_GetLimitRequest__Output, _llmrouter_v1_GetLimitResponse>;
  
  /**
   * Lists limits by name.
   */
  ListLimits: grpc.handleUnaryCall<_llmrouter_v1_ListLimitsRequest__Output, _llmrouter_v1_ListLimitsResponse>;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateLimit: grpc.handleUnaryCall<_llmrouter_v1_UpdateLimitRequest__Output, _llmrouter_v1_UpdateLimitResponse>;
  
}

export interface LimitServiceDefinition extends grpc.ServiceDefinition {
  CreateLimit: MethodDefinition<_llmrouter_v1_CreateLimitRequest, _llmrouter_v1_CreateLimitResponse, _llmrouter_v1_CreateLimitRequest__Output, _llmrouter_v1_CreateLimitResponse__Output>
  DeleteLimit: MethodDefinition<_llmrouter_v1_DeleteLimitRequest, _llmrouter_v1_DeleteLimitResponse, _llmrouter_v1_DeleteLimitRequest__Output, _llmrouter_v1_DeleteLimitResponse__Output>
  GetLimit: MethodDefinition<_llmrouter_v1_GetLimitRequest, _llmrouter_v1_GetLimitResponse, _llmrouter_v1_GetLimitRequest__Output, _llmrouter_v1_GetLimitResponse__Output>
  ListLimits: MethodDefinition<_llmrouter_v1_ListLimitsRequest, _llmrouter_v1_ListLimitsResponse, _llmrouter_v1_ListLimitsRequest__Output, _llmrouter_v1_ListLimitsResponse__Output>
  UpdateLimit: MethodDefinition<_llmrouter_v1_UpdateLimitRequest, _llmrouter_v1_UpdateLimitResponse, _llmrouter_v1_UpdateLimitRequest__Output, _llmrouter_v1_UpdateLimitResponse__Output>
}
