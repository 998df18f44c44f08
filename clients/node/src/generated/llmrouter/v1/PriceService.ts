// Original file: llmrouter/v1/price_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreatePriceRequest as _llmrouter_v1_CreatePriceRequest, CreatePriceRequest__Output as _llmrouter_v1_CreatePriceRequest__Output } from '../../llmrouter/v1/CreatePriceRequest';
import type { CreatePriceResponse as _llmrouter_v1_CreatePriceResponse, CreatePriceResponse__Output as _llmrouter_v1_CreatePriceResponse__Output } from '../../llmrouter/v1/CreatePriceResponse';
import type { DeletePriceRequest as _llmrouter_v1_DeletePriceRequest, DeletePriceRequest__Output as _llmrouter_v1_DeletePriceRequest__Output } from '../../llmrouter/v1/DeletePriceRequest';
import type { DeletePriceResponse as _llmrouter_v1_DeletePriceResponse, DeletePriceResponse__Output as _llmrouter_v1_DeletePriceResponse__Output } from '../../llmrouter/v1/DeletePriceResponse';
import type { GetPriceRequest as _llmrouter_v1_GetPriceRequest, GetPriceRequest__Output as _llmrouter_v1_GetPriceRequest__Output } from '../../llmrouter/v1/GetPriceRequest';
import type { GetPriceResponse as _llmrouter_v1_GetPriceResponse, GetPriceResponse__Output as _llmrouter_v1_GetPriceResponse__Output } from '../../llmrouter/v1/GetPriceResponse';
import type { ListPricesRequest as _llmrouter_v1_ListPricesRequest, ListPricesRequest__Output as _llmrouter_v1_ListPricesRequest__Output } from '../../llmrouter/v1/ListPricesRequest';
import type { ListPricesResponse as _llmrouter_v1_ListPricesResponse, ListPricesResponse__Output as _llmrouter_v1_ListPricesResponse__Output } from '../../llmrouter/v1/ListPricesResponse';
import type { UpdatePriceRequest as _llmrouter_v1_UpdatePriceRequest, UpdatePriceRequest__Output as _llmrouter_v1_UpdatePriceRequest__Output } from '../../llmrouter/v1/UpdatePriceRequest';
import type { UpdatePriceResponse as _llmrouter_v1_UpdatePriceResponse, UpdatePriceResponse__Output as _llmrouter_v1_UpdatePriceResponse__Output } from '../../llmrouter/v1/UpdatePriceResponse';

/**
 * Administers the prices of provider models (`prices/{price}`). Needs the `admin` scope.
 */
export interface PriceServiceClient extends grpc.Client {
  /**
   * Creates a price.
   */
  CreatePrice(argument: _llmrouter_v1_CreatePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  CreatePrice(argument: _llmrouter_v1_CreatePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  CreatePrice(argument: _llmrouter_v1_CreatePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  CreatePrice(argument: _llmrouter_v1_CreatePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a price.
   */
  createPrice(argument: _llmrouter_v1_CreatePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  createPrice(argument: _llmrouter_v1_CreatePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  createPrice(argument: _llmrouter_v1_CreatePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  createPrice(argument: _llmrouter_v1_CreatePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_CreatePriceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a price.
   */
  DeletePrice(argument: _llmrouter_v1_DeletePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  DeletePrice(argument: _llmrouter_v1_DeletePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  DeletePrice(argument: _llmrouter_v1_DeletePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  DeletePrice(argument: _llmrouter_v1_DeletePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a price.
   */
  deletePrice(argument: _llmrouter_v1_DeletePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  deletePrice(argument: _llmrouter_v1_DeletePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  deletePrice(argument: _llmrouter_v1_DeletePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  deletePrice(argument: _llmrouter_v1_DeletePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_DeletePriceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gets a price.
   */
  GetPrice(argument: _llmrouter_v1_GetPriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  GetPrice(argument: _llmrouter_v1_GetPriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  GetPrice(argument: _llmrouter_v1_GetPriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  GetPrice(argument: _llmrouter_v1_GetPriceRequest, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gets a price.
   */
  getPrice(argument: _llmrouter_v1_GetPriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  getPrice(argument: _llmrouter_v1_GetPriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  getPrice(argument: _llmrouter_v1_GetPriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  getPrice(argument: _llmrouter_v1_GetPriceRequest, callback: grpc.requestCallback<_llmrouter_v1_GetPriceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists prices by name.
   */
  ListPrices(argument: _llmrouter_v1_ListPricesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  ListPrices(argument: _llmrouter_v1_ListPricesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  ListPrices(argument: _llmrouter_v1_ListPricesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  ListPrices(argument: _llmrouter_v1_ListPricesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists prices by name.
   */
  listPrices(argument: _llmrouter_v1_ListPricesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  listPrices(argument: _llmrouter_v1_ListPricesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  listPrices(argument: _llmrouter_v1_ListPricesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  listPrices(argument: _llmrouter_v1_ListPricesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListPricesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdatePrice(argument: _llmrouter_v1_UpdatePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  UpdatePrice(argument: _llmrouter_v1_UpdatePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  UpdatePrice(argument: _llmrouter_v1_UpdatePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  UpdatePrice(argument: _llmrouter_v1_UpdatePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates the fields named in update_mask.
   */
  updatePrice(argument: _llmrouter_v1_UpdatePriceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  updatePrice(argument: _llmrouter_v1_UpdatePriceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  updatePrice(argument: _llmrouter_v1_UpdatePriceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  updatePrice(argument: _llmrouter_v1_UpdatePriceRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdatePriceResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administers the prices of provider models (`prices/{price}`). Needs the `admin` scope.
 */
export interface PriceServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a price.
   */
  CreatePrice: grpc.handleUnaryCall<_llmrouter_v1_CreatePriceRequest__Output, _llmrouter_v1_CreatePriceResponse>;
  
  /**
   * Deletes a price.
   */
  DeletePrice: grpc.handleUnaryCall<_llmrouter_v1_DeletePriceRequest__Output, _llmrouter_v1_DeletePriceResponse>;
  
  /**
   * Gets a price.
   */
  GetPrice: grpc.handleUnaryCall<_llmrouter_v1_GetPriceRequest__Output, _llmrouter_v1_GetPriceResponse>;
  
  /**
   * Lists prices by name.
   */
  ListPrices: grpc.handleUnaryCall<_llmrouter_v1_ListPricesRequest__Output, _llmrouter_v1_ListPricesResponse>;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdatePrice: grpc.handleUnaryCall<_llmrouter_v1_UpdatePriceRequest__Output, _llmrouter_v1_UpdatePriceResponse>;
  
}

export interface PriceServiceDefinition extends grpc.ServiceDefinition {
  CreatePrice: MethodDefinition<_llmrouter_v1_CreatePriceRequest, _llmrouter_v1_CreatePriceResponse, _llmrouter_v1_CreatePriceRequest__Output, _llmrouter_v1_CreatePriceResponse__Output>
  DeletePrice: MethodDefinition<_llmrouter_v1_DeletePriceRequest, _llmrouter_v1_DeletePriceResponse, _llmrouter_v1_DeletePriceRequest__Output, _llmrouter_v1_DeletePriceResponse__Output>
  GetPrice: MethodDefinition<_llmrouter_v1_GetPriceRequest, _llmrouter_v1_GetPriceResponse, _llmrouter_v1_GetPriceRequest__Output, _llmrouter_v1_GetPriceResponse__Output>
  ListPrices: MethodDefinition<_llmrouter_v1_ListPricesRequest, _llmrouter_v1_ListPricesResponse, _llmrouter_v1_ListPricesRequest__Output, _llmrouter_v1_ListPricesResponse__Output>
  UpdatePrice: MethodDefinition<_llmrouter_v1_UpdatePriceRequest, _llmrouter_v1_UpdatePriceResponse, _llmrouter_v1_UpdatePriceRequest__Output, _llmrouter_v1_UpdatePriceResponse__Output>
}
