// Original file: llmrouter/v1/provider_admin_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateProviderModelRequest as _llmrouter_v1_CreateProviderModelRequest, CreateProviderModelRequest__Output as _llmrouter_v1_CreateProviderModelRequest__Output } from '../../llmrouter/v1/CreateProviderModelRequest';
import type { CreateProviderModelResponse as _llmrouter_v1_CreateProviderModelResponse, CreateProviderModelResponse__Output as _llmrouter_v1_CreateProviderModelResponse__Output } from '../../llmrouter/v1/CreateProviderModelResponse';
import type { CreateProviderRequest as _llmrouter_v1_CreateProviderRequest, CreateProviderRequest__Output as _llmrouter_v1_CreateProviderRequest__Output } from '../../llmrouter/v1/CreateProviderRequest';
import type { CreateProviderResponse as _llmrouter_v1_CreateProviderResponse, CreateProviderResponse__Output as _llmrouter_v1_CreateProviderResponse__Output } from '../../llmrouter/v1/CreateProviderResponse';
import type { DeleteProviderModelRequest as _llmrouter_v1_DeleteProviderModelRequest, DeleteProviderModelRequest__Output as _llmrouter_v1_DeleteProviderModelRequest__Output } from '../../llmrouter/v1/DeleteProviderModelRequest';
import type { DeleteProviderModelResponse as _llmrouter_v1_DeleteProviderModelResponse, DeleteProviderModelResponse__Output as _llmrouter_v1_DeleteProviderModelResponse__Output } from '../../llmrouter/v1/DeleteProviderModelResponse';
import type { DeleteProviderRequest as _llmrouter_v1_DeleteProviderRequest, DeleteProviderRequest__Output as _llmrouter_v1_DeleteProviderRequest__Output } from '../../llmrouter/v1/DeleteProviderRequest';
import type { DeleteProviderResponse as _llmrouter_v1_DeleteProviderResponse, DeleteProviderResponse__Output as _llmrouter_v1_DeleteProviderResponse__Output } from '../../llmrouter/v1/DeleteProviderResponse';
import type { DiscoverProviderModelsRequest as _llmrouter_v1_DiscoverProviderModelsRequest, DiscoverProviderModelsRequest__Output as _llmrouter_v1_DiscoverProviderModelsRequest__Output } from '../../llmrouter/v1/DiscoverProviderModelsRequest';
import type { DiscoverProviderModelsResponse as _llmrouter_v1_DiscoverProviderModelsResponse, DiscoverProviderModelsResponse__Output as _llmrouter_v1_DiscoverProviderModelsResponse__Output } from '../../llmrouter/v1/DiscoverProviderModelsResponse';
import type { GetProviderRequest as _llmrouter_v1_GetProviderRequest, GetProviderRequest__Output as _llmrouter_v1_GetProviderRequest__Output } from '../../llmrouter/v1/GetProviderRequest';
import type { GetProviderResponse as _llmrouter_v1_GetProviderResponse, GetProviderResponse__Output as _llmrouter_v1_GetProviderResponse__Output } from '../../llmrouter/v1/GetProviderResponse';
import type { ListProviderModelsRequest as _llmrouter_v1_ListProviderModelsRequest, ListProviderModelsRequest__Output as _llmrouter_v1_ListProviderModelsRequest__Output } from '../../llmrouter/v1/ListProviderModelsRequest';
import type { ListProviderModelsResponse as _llmrouter_v1_ListProviderModelsResponse, ListProviderModelsResponse__Output as _llmrouter_v1_ListProviderModelsResponse__Output } from '../../llmrouter/v1/ListProviderModelsResponse';
import type { ListProviderTemplatesRequest as _llmrouter_v1_ListProviderTemplatesRequest, ListProviderTemplatesRequest__Output as _llmrouter_v1_ListProviderTemplatesRequest__Output } from '../../llmrouter/v1/ListProviderTemplatesRequest';
import type { ListProviderTemplatesResponse as _llmrouter_v1_ListProviderTemplatesResponse, ListProviderTemplatesResponse__Output as _llmrouter_v1_ListProviderTemplatesResponse__Output } from '../../llmrouter/v1/ListProviderTemplatesResponse';
import type { ListProvidersRequest as _llmrouter_v1_ListProvidersRequest, ListProvidersRequest__Output as _llmrouter_v1_ListProvidersRequest__Output } from '../../llmrouter/v1/ListProvidersRequest';
import type { ListProvidersResponse as _llmrouter_v1_ListProvidersResponse, ListProvidersResponse__Output as _llmrouter_v1_ListProvidersResponse__Output } from '../../llmrouter/v1/ListProvidersResponse';
import type { UnloadProviderModelRequest as _llmrouter_v1_UnloadProviderModelRequest, UnloadProviderModelRequest__Output as _llmrouter_v1_UnloadProviderModelRequest__Output } from '../../llmrouter/v1/UnloadProviderModelRequest';
import type { UnloadProviderModelResponse as _llmrouter_v1_UnloadProviderModelResponse, UnloadProviderModelResponse__Output as _llmrouter_v1_UnloadProviderModelResponse__Output } from '../../llmrouter/v1/UnloadProviderModelResponse';
import type { UpdateProviderModelRequest as _llmrouter_v1_UpdateProviderModelRequest, UpdateProviderModelRequest__Output as _llmrouter_v1_UpdateProviderModelRequest__Output } from '../../llmrouter/v1/UpdateProviderModelRequest';
import type { UpdateProviderModelResponse as _llmrouter_v1_UpdateProviderModelResponse, UpdateProviderModelResponse__Output as _llmrouter_v1_UpdateProviderModelResponse__Output } from '../../llmrouter/v1/UpdateProviderModelResponse';
import type { UpdateProviderRequest as _llmrouter_v1_UpdateProviderRequest, UpdateProviderRequest__Output as _llmrouter_v1_UpdateProviderRequest__Output } from '../../llmrouter/v1/UpdateProviderRequest';
import type { UpdateProviderResponse as _llmrouter_v1_UpdateProviderResponse, UpdateProviderResponse__Output as _llmrouter_v1_UpdateProviderResponse__Output } from '../../llmrouter/v1/UpdateProviderResponse';
import type { VerifyProviderRequest as _llmrouter_v1_VerifyProviderRequest, VerifyProviderRequest__Output as _llmrouter_v1_VerifyProviderRequest__Output } from '../../llmrouter/v1/VerifyProviderRequest';
import type { VerifyProviderResponse as _llmrouter_v1_VerifyProviderResponse, VerifyProviderResponse__Output as _llmrouter_v1_VerifyProviderResponse__Output } from '../../llmrouter/v1/VerifyProviderResponse';

/**
 * Administers providers, their models and their encrypted API keys. Needs the `admin` scope.
 */
export interface ProviderAdminServiceClient extends grpc.Client {
  /**
   * Creates a provider.
   */
  CreateProvider(argument: _llmrouter_v1_CreateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _llmrouter_v1_CreateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _llmrouter_v1_CreateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  CreateProvider(argument: _llmrouter_v1_CreateProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a provider.
   */
  createProvider(argument: _llmrouter_v1_CreateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _llmrouter_v1_CreateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _llmrouter_v1_CreateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  createProvider(argument: _llmrouter_v1_CreateProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Registers a model on a provider.
   */
  CreateProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  CreateProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  CreateProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  CreateProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Registers a model on a provider.
   */
  createProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  createProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  createProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  createProviderModel(argument: _llmrouter_v1_CreateProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_CreateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a provider and its models. Built-ins cannot be deleted.
   */
  DeleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  DeleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a provider and its models. Built-ins cannot be deleted.
   */
  deleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  deleteProvider(argument: _llmrouter_v1_DeleteProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a model from a provider.
   */
  DeleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  DeleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  DeleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  DeleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a model from a provider.
   */
  deleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  deleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  deleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  deleteProviderModel(argument: _llmrouter_v1_DeleteProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_DeleteProviderModelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the models the provider offers (its `/v1/models`), optionally saving them.
   */
  DiscoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  DiscoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  DiscoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  DiscoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the models the provider offers (its `/v1/models`), optionally saving them.
   */
  discoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  discoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  discoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  discoverProviderModels(argument: _llmrouter_v1_DiscoverProviderModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_DiscoverProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gets a provider.
   */
  GetProvider(argument: _llmrouter_v1_GetProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _llmrouter_v1_GetProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _llmrouter_v1_GetProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  GetProvider(argument: _llmrouter_v1_GetProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gets a provider.
   */
  getProvider(argument: _llmrouter_v1_GetProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _llmrouter_v1_GetProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _llmrouter_v1_GetProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  getProvider(argument: _llmrouter_v1_GetProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_GetProviderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists a provider's models, ordered by model id.
   */
  ListProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  ListProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  ListProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  ListProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists a provider's models, ordered by model id.
   */
  listProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  listProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  listProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  listProviderModels(argument: _llmrouter_v1_ListProviderModelsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProviderModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the built-in catalogue of provider templates.
   */
  ListProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  ListProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  ListProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  ListProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the built-in catalogue of provider templates.
   */
  listProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  listProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  listProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  listProviderTemplates(argument: _llmrouter_v1_ListProviderTemplatesRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProviderTemplatesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists providers, ordered by name.
   */
  ListProviders(argument: _llmrouter_v1_ListProvidersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _llmrouter_v1_ListProvidersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _llmrouter_v1_ListProvidersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  ListProviders(argument: _llmrouter_v1_ListProvidersRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists providers, ordered by name.
   */
  listProviders(argument: _llmrouter_v1_ListProvidersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _llmrouter_v1_ListProvidersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _llmrouter_v1_ListProvidersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  listProviders(argument: _llmrouter_v1_ListProvidersRequest, callback: grpc.requestCallback<_llmrouter_v1_ListProvidersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Releases a local (MLX) model's weights from memory; the next request loads it again.
   */
  UnloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UnloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UnloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UnloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Releases a local (MLX) model's weights from memory; the next request loads it again.
   */
  unloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  unloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  unloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  unloadProviderModel(argument: _llmrouter_v1_UnloadProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_UnloadProviderModelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateProvider(argument: _llmrouter_v1_UpdateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _llmrouter_v1_UpdateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _llmrouter_v1_UpdateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  UpdateProvider(argument: _llmrouter_v1_UpdateProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates the fields named in update_mask.
   */
  updateProvider(argument: _llmrouter_v1_UpdateProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _llmrouter_v1_UpdateProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _llmrouter_v1_UpdateProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  updateProvider(argument: _llmrouter_v1_UpdateProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Updates a provider model's display name, default flag or source.
   */
  UpdateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UpdateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UpdateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  UpdateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Updates a provider model's display name, default flag or source.
   */
  updateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  updateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  updateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  updateProviderModel(argument: _llmrouter_v1_UpdateProviderModelRequest, callback: grpc.requestCallback<_llmrouter_v1_UpdateProviderModelResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Checks connectivity and credentials with a minimal request to the provider.
   */
  VerifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  VerifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  VerifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  VerifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Checks connectivity and credentials with a minimal request to the provider.
   */
  verifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  verifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  verifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  verifyProvider(argument: _llmrouter_v1_VerifyProviderRequest, callback: grpc.requestCallback<_llmrouter_v1_VerifyProviderResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Administers providers, their models and their encrypted API keys. Needs the `admin` scope.
 */
export interface ProviderAdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a provider.
   */
  CreateProvider: grpc.handleUnaryCall<_llmrouter_v1_CreateProviderRequest__Output, _llmrouter_v1_CreateProviderResponse>;
  
  /**
   * Registers a model on a provider.
   */
  CreateProviderModel: grpc.handleUnaryCall<_llmrouter_v1_CreateProviderModelRequest__Output, _llmrouter_v1_CreateProviderModelResponse>;
  
  /**
   * Deletes a provider and its models. Built-ins cannot be deleted.
   */
  DeleteProvider: grpc.handleUnaryCall<_llmrouter_v1_DeleteProviderRequest__Output, _llmrouter_v1_DeleteProviderResponse>;
  
  /**
   * Removes a model from a provider.
   */
  DeleteProviderModel: grpc.handleUnaryCall<_llmrouter_v1_DeleteProviderModelRequest__Output, _llmrouter_v1_DeleteProviderModelResponse>;
  
  /**
   * Lists the models the provider offers (its `/v1/models`), optionally saving them.
   */
  DiscoverProviderModels: grpc.handleUnaryCall<_llmrouter_v1_DiscoverProviderModelsRequest__Output, _llmrouter_v1_DiscoverProviderModelsResponse>;
  
  /**
   * Gets a provider.
   */
  GetProvider: grpc.handleUnaryCall<_llmrouter_v1_GetProviderRequest__Output, _llmrouter_v1_GetProviderResponse>;
  
  /**
   * Lists a provider's models, ordered by model id.
   */
  ListProviderModels: grpc.handleUnaryCall<_llmrouter_v1_ListProviderModelsRequest__Output, _llmrouter_v1_ListProviderModelsResponse>;
  
  /**
   * Lists the built-in catalogue of provider templates.
   */
  ListProviderTemplates: grpc.handleUnaryCall<_llmrouter_v1_ListProviderTemplatesRequest__Output, _llmrouter_v1_ListProviderTemplatesResponse>;
  
  /**
   * Lists providers, ordered by name.
   */
  ListProviders: grpc.handleUnaryCall<_llmrouter_v1_ListProvidersRequest__Output, _llmrouter_v1_ListProvidersResponse>;
  
  /**
   * Releases a local (MLX) model's weights from memory; the next request loads it again.
   */
  UnloadProviderModel: grpc.handleUnaryCall<_llmrouter_v1_UnloadProviderModelRequest__Output, _llmrouter_v1_UnloadProviderModelResponse>;
  
  /**
   * Updates the fields named in update_mask.
   */
  UpdateProvider: grpc.handleUnaryCall<_llmrouter_v1_UpdateProviderRequest__Output, _llmrouter_v1_UpdateProviderResponse>;
  
  /**
   * Updates a provider model's display name, default flag or source.
   */
  UpdateProviderModel: grpc.handleUnaryCall<_llmrouter_v1_UpdateProviderModelRequest__Output, _llmrouter_v1_UpdateProviderModelResponse>;
  
  /**
   * Checks connectivity and credentials with a minimal request to the provider.
   */
  VerifyProvider: grpc.handleUnaryCall<_llmrouter_v1_VerifyProviderRequest__Output, _llmrouter_v1_VerifyProviderResponse>;
  
}

export interface ProviderAdminServiceDefinition extends grpc.ServiceDefinition {
  CreateProvider: MethodDefinition<_llmrouter_v1_CreateProviderRequest, _llmrouter_v1_CreateProviderResponse, _llmrouter_v1_CreateProviderRequest__Output, _llmrouter_v1_CreateProviderResponse__Output>
  CreateProviderModel: MethodDefinition<_llmrouter_v1_CreateProviderModelRequest, _llmrouter_v1_CreateProviderModelResponse, _llmrouter_v1_CreateProviderModelRequest__Output, _llmrouter_v1_CreateProviderModelResponse__Output>
  DeleteProvider: MethodDefinition<_llmrouter_v1_DeleteProviderRequest, _llmrouter_v1_DeleteProviderResponse, _llmrouter_v1_DeleteProviderRequest__Output, _llmrouter_v1_DeleteProviderResponse__Output>
  DeleteProviderModel: MethodDefinition<_llmrouter_v1_DeleteProviderModelRequest, _llmrouter_v1_DeleteProviderModelResponse, _llmrouter_v1_DeleteProviderModelRequest__Output, _llmrouter_v1_DeleteProviderModelResponse__Output>
  DiscoverProviderModels: MethodDefinition<_llmrouter_v1_DiscoverProviderModelsRequest, _llmrouter_v1_DiscoverProviderModelsResponse, _llmrouter_v1_DiscoverProviderModelsRequest__Output, _llmrouter_v1_DiscoverProviderModelsResponse__Output>
  GetProvider: MethodDefinition<_llmrouter_v1_GetProviderRequest, _llmrouter_v1_GetProviderResponse, _llmrouter_v1_GetProviderRequest__Output, _llmrouter_v1_GetProviderResponse__Output>
  ListProviderModels: MethodDefinition<_llmrouter_v1_ListProviderModelsRequest, _llmrouter_v1_ListProviderModelsResponse, _llmrouter_v1_ListProviderModelsRequest__Output, _llmrouter_v1_ListProviderModelsResponse__Output>
  ListProviderTemplates: MethodDefinition<_llmrouter_v1_ListProviderTemplatesRequest, _llmrouter_v1_ListProviderTemplatesResponse, _llmrouter_v1_ListProviderTemplatesRequest__Output, _llmrouter_v1_ListProviderTemplatesResponse__Output>
  ListProviders: MethodDefinition<_llmrouter_v1_ListProvidersRequest, _llmrouter_v1_ListProvidersResponse, _llmrouter_v1_ListProvidersRequest__Output, _llmrouter_v1_ListProvidersResponse__Output>
  UnloadProviderModel: MethodDefinition<_llmrouter_v1_UnloadProviderModelRequest, _llmrouter_v1_UnloadProviderModelResponse, _llmrouter_v1_UnloadProviderModelRequest__Output, _llmrouter_v1_UnloadProviderModelResponse__Output>
  UpdateProvider: MethodDefinition<_llmrouter_v1_UpdateProviderRequest, _llmrouter_v1_UpdateProviderResponse, _llmrouter_v1_UpdateProviderRequest__Output, _llmrouter_v1_UpdateProviderResponse__Output>
  UpdateProviderModel: MethodDefinition<_llmrouter_v1_UpdateProviderModelRequest, _llmrouter_v1_UpdateProviderModelResponse, _llmrouter_v1_UpdateProviderModelRequest__Output, _llmrouter_v1_UpdateProviderModelResponse__Output>
  VerifyProvider: MethodDefinition<_llmrouter_v1_VerifyProviderRequest, _llmrouter_v1_VerifyProviderResponse, _llmrouter_v1_VerifyProviderRequest__Output, _llmrouter_v1_VerifyProviderResponse__Output>
}
