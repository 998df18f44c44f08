import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CallerProviderKey as _llmrouter_v1_CallerProviderKey, CallerProviderKey__Output as _llmrouter_v1_CallerProviderKey__Output } from './llmrouter/v1/CallerProviderKey';
import type { ClientKey as _llmrouter_v1_ClientKey, ClientKey__Output as _llmrouter_v1_ClientKey__Output } from './llmrouter/v1/ClientKey';
import type { ClientKeyServiceClient as _llmrouter_v1_ClientKeyServiceClient, ClientKeyServiceDefinition as _llmrouter_v1_ClientKeyServiceDefinition } from './llmrouter/v1/ClientKeyService';
import type { CreateClientKeyRequest as _llmrouter_v1_CreateClientKeyRequest, CreateClientKeyRequest__Output as _llmrouter_v1_CreateClientKeyRequest__Output } from './llmrouter/v1/CreateClientKeyRequest';
import type { CreateClientKeyResponse as _llmrouter_v1_CreateClientKeyResponse, CreateClientKeyResponse__Output as _llmrouter_v1_CreateClientKeyResponse__Output } from './llmrouter/v1/CreateClientKeyResponse';
import type { DeleteClientKeyRequest as _llmrouter_v1_DeleteClientKeyRequest, DeleteClientKeyRequest__Output as _llmrouter_v1_DeleteClientKeyRequest__Output } from './llmrouter/v1/DeleteClientKeyRequest';
import type { DeleteClientKeyResponse as _llmrouter_v1_DeleteClientKeyResponse, DeleteClientKeyResponse__Output as _llmrouter_v1_DeleteClientKeyResponse__Output } from './llmrouter/v1/DeleteClientKeyResponse';
import type { GenerationDefaults as _llmrouter_v1_GenerationDefaults, GenerationDefaults__Output as _llmrouter_v1_GenerationDefaults__Output } from './llmrouter/v1/GenerationDefaults';
import type { GetClientKeyRequest as _llmrouter_v1_GetClientKeyRequest, GetClientKeyRequest__Output as _llmrouter_v1_GetClientKeyRequest__Output } from './llmrouter/v1/GetClientKeyRequest';
import type { GetClientKeyResponse as _llmrouter_v1_GetClientKeyResponse, GetClientKeyResponse__Output as _llmrouter_v1_GetClientKeyResponse__Output } from './llmrouter/v1/GetClientKeyResponse';
import type { ListClientKeysRequest as _llmrouter_v1_ListClientKeysRequest, ListClientKeysRequest__Output as _llmrouter_v1_ListClientKeysRequest__Output } from './llmrouter/v1/ListClientKeysRequest';
import type { ListClientKeysResponse as _llmrouter_v1_ListClientKeysResponse, ListClientKeysResponse__Output as _llmrouter_v1_ListClientKeysResponse__Output } from './llmrouter/v1/ListClientKeysResponse';
import type { UpdateClientKeyRequest as _llmrouter_v1_UpdateClientKeyRequest, UpdateClientKeyRequest__Output as _llmrouter_v1_UpdateClientKeyRequest__Output } from './llmrouter/v1/UpdateClientKeyRequest';
import type { UpdateClientKeyResponse as _llmrouter_v1_UpdateClientKeyResponse, UpdateClientKeyResponse__Output as _llmrouter_v1_UpdateClientKeyResponse__Output } from './llmrouter/v1/UpdateClientKeyResponse';

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
      CallerProviderKey: MessageTypeDefinition<_llmrouter_v1_CallerProviderKey, _llmrouter_v1_CallerProviderKey__Output>
      ClientKey: MessageTypeDefinition<_llmrouter_v1_ClientKey, _llmrouter_v1_ClientKey__Output>
      /**
       * Administers client keys and their per-caller policy. Needs the `admin` scope. The
       * `llmrouter keys` command manages the same keys (and creates the first admin key).
       */
      ClientKeyService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_ClientKeyServiceClient> & { service: _llmrouter_v1_ClientKeyServiceDefinition }
      CreateClientKeyRequest: MessageTypeDefinition<_llmrouter_v1_CreateClientKeyRequest, _llmrouter_v1_CreateClientKeyRequest__Output>
      CreateClientKeyResponse: MessageTypeDefinition<_llmrouter_v1_CreateClientKeyResponse, _llmrouter_v1_CreateClientKeyResponse__Output>
      DeleteClientKeyRequest: MessageTypeDefinition<_llmrouter_v1_DeleteClientKeyRequest, _llmrouter_v1_DeleteClientKeyRequest__Output>
      DeleteClientKeyResponse: MessageTypeDefinition<_llmrouter_v1_DeleteClientKeyResponse, _llmrouter_v1_DeleteClientKeyResponse__Output>
      GenerationDefaults: MessageTypeDefinition<_llmrouter_v1_GenerationDefaults, _llmrouter_v1_GenerationDefaults__Output>
      GetClientKeyRequest: MessageTypeDefinition<_llmrouter_v1_GetClientKeyRequest, _llmrouter_v1_GetClientKeyRequest__Output>
      GetClientKeyResponse: MessageTypeDefinition<_llmrouter_v1_GetClientKeyResponse, _llmrouter_v1_GetClientKeyResponse__Output>
      ListClientKeysRequest: MessageTypeDefinition<_llmrouter_v1_ListClientKeysRequest, _llmrouter_v1_ListClientKeysRequest__Output>
      ListClientKeysResponse: MessageTypeDefinition<_llmrouter_v1_ListClientKeysResponse, _llmrouter_v1_ListClientKeysResponse__Output>
      UpdateClientKeyRequest: MessageTypeDefinition<_llmrouter_v1_UpdateClientKeyRequest, _llmrouter_v1_UpdateClientKeyRequest__Output>
      UpdateClientKeyResponse: MessageTypeDefinition<_llmrouter_v1_UpdateClientKeyResponse, _llmrouter_v1_UpdateClientKeyResponse__Output>
    }
  }
}

