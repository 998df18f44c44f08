import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CreatePriceRequest as _llmrouter_v1_CreatePriceRequest, CreatePriceRequest__Output as _llmrouter_v1_CreatePriceRequest__Output } from './llmrouter/v1/CreatePriceRequest';
import type { CreatePriceResponse as _llmrouter_v1_CreatePriceResponse, CreatePriceResponse__Output as _llmrouter_v1_CreatePriceResponse__Output } from './llmrouter/v1/CreatePriceResponse';
import type { DeletePriceRequest as _llmrouter_v1_DeletePriceRequest, DeletePriceRequest__Output as _llmrouter_v1_DeletePriceRequest__Output } from './llmrouter/v1/DeletePriceRequest';
import type { DeletePriceResponse as _llmrouter_v1_DeletePriceResponse, DeletePriceResponse__Output as _llmrouter_v1_DeletePriceResponse__Output } from './llmrouter/v1/DeletePriceResponse';
import type { GetPriceRequest as _llmrouter_v1_GetPriceRequest, GetPriceRequest__Output as _llmrouter_v1_GetPriceRequest__Output } from './llmrouter/v1/GetPriceRequest';
import type { GetPriceResponse as _llmrouter_v1_GetPriceResponse, GetPriceResponse__Output as _llmrouter_v1_GetPriceResponse__Output } from './llmrouter/v1/GetPriceResponse';
import type { ListPricesRequest as _llmrouter_v1_ListPricesRequest, ListPricesRequest__Output as _llmrouter_v1_ListPricesRequest__Output } from './llmrouter/v1/ListPricesRequest';
import type { ListPricesResponse as _llmrouter_v1_ListPricesResponse, ListPricesResponse__Output as _llmrouter_v1_ListPricesResponse__Output } from './llmrouter/v1/ListPricesResponse';
import type { Price as _llmrouter_v1_Price, Price__Output as _llmrouter_v1_Price__Output } from './llmrouter/v1/Price';
import type { PriceServiceClient as _llmrouter_v1_PriceServiceClient, PriceServiceDefinition as _llmrouter_v1_PriceServiceDefinition } from './llmrouter/v1/PriceService';
import type { UpdatePriceRequest as _llmrouter_v1_UpdatePriceRequest, UpdatePriceRequest__Output as _llmrouter_v1_UpdatePriceRequest__Output } from './llmrouter/v1/UpdatePriceRequest';
import type { UpdatePriceResponse as _llmrouter_v1_UpdatePriceResponse, UpdatePriceResponse__Output as _llmrouter_v1_UpdatePriceResponse__Output } from './llmrouter/v1/UpdatePriceResponse';

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
      CreatePriceRequest: MessageTypeDefinition<_llmrouter_v1_CreatePriceRequest, _llmrouter_v1_CreatePriceRequest__Output>
      CreatePriceResponse: MessageTypeDefinition<_llmrouter_v1_CreatePriceResponse, _llmrouter_v1_CreatePriceResponse__Output>
      DeletePriceRequest: MessageTypeDefinition<_llmrouter_v1_DeletePriceRequest, _llmrouter_v1_DeletePriceRequest__Output>
      DeletePriceResponse: MessageTypeDefinition<_llmrouter_v1_DeletePriceResponse, _llmrouter_v1_DeletePriceResponse__Output>
      GetPriceRequest: MessageTypeDefinition<_llmrouter_v1_GetPriceRequest, _llmrouter_v1_GetPriceRequest__Output>
      GetPriceResponse: MessageTypeDefinition<_llmrouter_v1_GetPriceResponse, _llmrouter_v1_GetPriceResponse__Output>
      ListPricesRequest: MessageTypeDefinition<_llmrouter_v1_ListPricesRequest, _llmrouter_v1_ListPricesRequest__Output>
      ListPricesResponse: MessageTypeDefinition<_llmrouter_v1_ListPricesResponse, _llmrouter_v1_ListPricesResponse__Output>
      Price: MessageTypeDefinition<_llmrouter_v1_Price, _llmrouter_v1_Price__Output>
      /**
       * Administers the prices of provider models (`prices/{price}`). Needs the `admin` scope.
       */
      PriceService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_PriceServiceClient> & { service: _llmrouter_v1_PriceServiceDefinition }
      UpdatePriceRequest: MessageTypeDefinition<_llmrouter_v1_UpdatePriceRequest, _llmrouter_v1_UpdatePriceRequest__Output>
      UpdatePriceResponse: MessageTypeDefinition<_llmrouter_v1_UpdatePriceResponse, _llmrouter_v1_UpdatePriceResponse__Output>
    }
  }
}

