// Original file: llmrouter/v1/client_key_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateClientKeyRequest as _llmrouter_v1_CreateClientKeyRequest, CreateClientKeyRequest__Output as _llmrouter_v1_CreateClientKeyRequest__Output } from '../../llmrouter/v1/CreateClientKeyRequest';
import type { CreateClientKeyResponse as _llmrouter_v1_CreateClientKeyResponse, CreateClientKeyResponse__Output as _llmrouter_v1_CreateClientKeyResponse__Output } from '../../llmrouter/v1/CreateClientKeyResponse';
import type { DeleteClientKeyRequest as _llmrouter_v1_DeleteClientKeyRequest, DeleteClientKeyRequest__Output as _llmrouter_v1_DeleteClientKeyRequest__Output } from '../../llmrouter/v1/DeleteClientKeyRequest';
import type { DeleteClientKeyResponse as _llmrouter_v1_DeleteClientKeyResponse, DeleteClientKeyResponse__Output as _llmrouter_v1_DeleteClientKeyResponse__Output } from '../../llmrouter/v1/DeleteClientKeyResponse';
import type { GetClientKeyRequest as _llmrouter_v1_GetClientKeyRequest, GetClientKeyRequest__Output as _llmrouter_v1_GetClientKeyRequest__Output } from '../../llmrouter/v1/GetClientKeyRequest';
import type { GetClientKeyResponse as _llmrouter_v1_GetClientKeyResponse, GetClientKeyResponse__Output as _llmrouter_v1_GetClientKeyResponse__Output } from '../../llmrouter/v1/GetClientKeyResponse';
import type { ListClientKeysRequest as _llmrouter_v1_ListClientKeysRequest, ListClientKeysRequest__Output as _llmrouter_v1_ListClientKeysRequest__Output } from '../../llmrouter/v1/ListClientKeysRequest';
import type { ListClientKeysResponse as _llmrouter_v1_ListClientKeysResponse, ListClientKeysResponse__Output as _llmrouter_v1_ListClientKeysResponse__Output } from '../../llmrouter/v1/ListClientKeysResponse';
import type { UpdateClientKeyRequest as _llmrouter_v1_UpdateClientKeyRequest, UpdateClientKeyRequest__Output as _llmrouter_v1_UpdateClientKeyRequest__Output } from '../../llmrouter/v1/UpdateClientKeyRequest';
import type { UpdateClientKeyResponse as _llmrouter_v1_UpdateClientKeyResponse, UpdateClientKeyResponse__Output as _llmrouter_v1_UpdateClientKeyResponse__Output } from '../../llmrouter/v1/UpdateClientKeyResponse';

/**
 * Administers client keys and their per-caller policy. Needs the `admin` scope. The
 * `llmrouter keys` command manages the same keys (and creates the first admin key).
 */
export interface ClientKeyServiceClient extends grpc.Client {
  /**
   * Creates a client key; the response carries the key itself, once.
   */
  CreateClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  CreateClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  CreateClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  CreateClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a client key; the response carries the key itself, once.
   */
  createClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  createClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  createClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  createClientKey(argument: _llmrouter_v1_CreateClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a client key: it is refused from then on and its open streams end.
   */
  DeleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  DeleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  DeleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  DeleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a client key: it is refused from then on and its open streams end.
   */
  deleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  deleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  deleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  deleteClientKey(argument: _llmrouter_v1_DeleteClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteClientKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gets a client key (never its secret).
   */
  GetClientKey(argument: _llmrouter_v1_GetClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  GetClientKey(argument: _llmrouter_v1_GetClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  GetClientKey(argument: _llmrouter_v1_GetClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  GetClientKey(argument: _llmrouter_v1_GetClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gets a client key (never its secret).
   */
  getClientKey(argument: _llmrouter_v1_GetClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  getClientKey(argument: _llmrouter_v1_GetClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  getClientKey(argument: _llmrouter_v1_GetClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  getClientKey(argument: _llmrouter_v1_GetClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_GetClientKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists client keys, oldest first.
   */
  ListClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  ListClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  ListClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  ListClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists client keys, oldest first.
   */
  listClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  listClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  listClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  listClientKeys(argument: _llmrouter_v1_ListClientKeysRequest, callback: grpc.requestCallback<_llmrouter_v1_ListClientKeysResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  UpdateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  UpdateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  UpdateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates the fields named in update_mask.
   */
  updateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  updateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  updateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  updateClientKey(argument: _llmrouter_v1_UpdateClientKeyRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateClientKeyResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administers client keys and their per-caller policy. Needs the `admin` scope. The
 * `llmrouter keys` command manages the same keys (and creates the first admin key).
 */
export interface ClientKeyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a client key; the response carries the key itself, once.
   */
  CreateClientKey: grpc.handleUnaryCall<_llmrouter_v1_CreateClientKeyRequest__Output, _llmrouter_v1_CreateClientKeyResponse>;
  
  /**
   * Deletes a client key: it is refused from then on and its open streams end.
   */
  DeleteClientKey: grpc.handleUnaryCall<_llmrouter_v1_DeleteClientKeyRequest__Output, _llmrouter_v1_DeleteClientKeyResponse>;
  
  /**
   * Gets a client key (never its secret).
   */
  GetClientKey: grpc.handleUnaryCall<_llmrouter_v1_GetClientKeyRequest__Output, _llmrouter_v1_GetClientKeyResponse>;
  
  /**
   * Lists client keys, oldest first.
   */
  ListClientKeys: grpc.handleUnaryCall<_llmrouter_v1_ListClientKeysRequest__Output, _llmrouter_v1_ListClientKeysResponse>;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateClientKey: grpc.handleUnaryCall<_llmrouter_v1_UpdateClientKeyRequest__Output, _llmrouter_v1_UpdateClientKeyResponse>;
  
}

export interface ClientKeyServiceDefinition extends grpc.ServiceDefinition {
  CreateClientKey: MethodDefinition<_llmrouter_v1_CreateClientKeyRequest, _llmrouter_v1_CreateClientKeyResponse, _llmrouter_v1_CreateClientKeyRequest__Output, _llmrouter_v1_CreateClientKeyResponse__Output>
  DeleteClientKey: MethodDefinition<_llmrouter_v1_DeleteClientKeyRequest, _llmrouter_v1_DeleteClientKeyResponse, _llmrouter_v1_DeleteClientKeyRequest__Output, _llmrouter_v1_DeleteClientKeyResponse__Output>
  GetClientKey: MethodDefinition<_llmrouter_v1_GetClientKeyRequest, _llmrouter_v1_GetClientKeyResponse, _llmrouter_v1_GetClientKeyRequest__Output, _llmrouter_v1_GetClientKeyResponse__Output>
  ListClientKeys: MethodDefinition<_llmrouter_v1_ListClientKeysRequest, _llmrouter_v1_ListClientKeysResponse, _llmrouter_v1_ListClientKeysRequest__Output, _llmrouter_v1_ListClientKeysResponse__Output>
  UpdateClientKey: MethodDefinition<_llmrouter_v1_UpdateClientKeyRequest, _llmrouter_v1_UpdateClientKeyResponse, _llmrouter_v1_UpdateClientKeyRequest__Output, _llmrouter_v1_UpdateClientKeyResponse__Output>
}
