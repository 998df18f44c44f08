import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CreateLimitRequest as _llmrouter_v1_CreateLimitRequest, CreateLimitRequest__Output as _llmrouter_v1_CreateLimitRequest__Output } from './llmrouter/v1/CreateLimitRequest';
import type { CreateLimitResponse as _llmrouter_v1_CreateLimitResponse, CreateLimitResponse__Output as _llmrouter_v1_CreateLimitResponse__Output } from './llmrouter/v1/CreateLimitResponse';
import type { DeleteLimitRequest as _llmrouter_v1_DeleteLimitRequest, DeleteLimitRequest__Output as _llmrouter_v1_DeleteLimitRequest__Output } from './llmrouter/v1/DeleteLimitRequest';
import type { DeleteLimitResponse as _llmrouter_v1_DeleteLimitResponse, DeleteLimitResponse__Output as _llmrouter_v1_DeleteLimitResponse__Output } from './llmrouter/v1/DeleteLimitResponse';
import type { GetLimitRequest as _llmrouter_v1_GetLimitRequest, GetLimitRequest__Output as _llmrouter_v1_GetLimitRequest__Output } from './llmrouter/v1/GetLimitRequest';
import type { GetLimitResponse as _llmrouter_v1_GetLimitResponse, GetLimitResponse__Output as _llmrouter_v1_GetLimitResponse__Output } from './llmrouter/v1/GetLimitResponse';
import type { Limit as _llmrouter_v1_Limit, Limit__Output as _llmrouter_v1_Limit__Output } from './llmrouter/v1/Limit';
import type { LimitServiceClient as _llmrouter_v1_LimitServiceClient, LimitServiceDefinition as _llmrouter_v1_LimitServiceDefinition } from './llmrouter/v1/LimitService';
import type { ListLimitsRequest as _llmrouter_v1_ListLimitsRequest, ListLimitsRequest__Output as _llmrouter_v1_ListLimitsRequest__Output } from './llmrouter/v1/ListLimitsRequest';
import type { ListLimitsResponse as _llmrouter_v1_ListLimitsResponse, ListLimitsResponse__Output as _llmrouter_v1_ListLimitsResponse__Output } from './llmrouter/v1/ListLimitsResponse';
import type { UpdateLimitRequest as _llmrouter_v1_UpdateLimitRequest, UpdateLimitRequest__Output as _llmrouter_v1_UpdateLimitRequest__Output } from './llmrouter/v1/UpdateLimitRequest';
import type { UpdateLimitResponse as _llmrouter_v1_UpdateLimitResponse, UpdateLimitResponse__Output as _llmrouter_v1_UpdateLimitResponse__Output } from './llmrouter/v1/UpdateLimitResponse';

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
      BudgetPeriod: EnumTypeDefinition
      CreateLimitRequest: MessageTypeDefinition<_llmrouter_v1_CreateLimitRequest, _llmrouter_v1_CreateLimitRequest__Output>
      CreateLimitResponse: MessageTypeDefinition<_llmrouter_v1_CreateLimitResponse, _llmrouter_v1_CreateLimitResponse__Output>
      DeleteLimitRequest: MessageTypeDefinition<_llmrouter_v1_DeleteLimitRequest, _llmrouter_v1_DeleteLimitRequest__Output>
      DeleteLimitResponse: MessageTypeDefinition<_llmrouter_v1_DeleteLimitResponse, _llmrouter_v1_DeleteLimitResponse__Output>
      GetLimitRequest: MessageTypeDefinition<_llmrouter_v1_GetLimitRequest, _llmrouter_v1_GetLimitRequest__Output>
      GetLimitResponse: MessageTypeDefinition<_llmrouter_v1_GetLimitResponse, _llmrouter_v1_GetLimitResponse__Output>
      Limit: MessageTypeDefinition<_llmrouter_v1_Limit, _llmrouter_v1_Limit__Output>
      /**
       * Administers rate limits and budgets (`limits/{limit}`). Needs the `admin` scope.
       */
      LimitService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_LimitServiceClient> & { service: _llmrouter_v1_LimitServiceDefinition }
      ListLimitsRequest: MessageTypeDefinition<_llmrouter_v1_ListLimitsRequest, _llmrouter_v1_ListLimitsRequest__Output>
      ListLimitsResponse: MessageTypeDefinition<_llmrouter_v1_ListLimitsResponse, _llmrouter_v1_ListLimitsResponse__Output>
      UpdateLimitRequest: MessageTypeDefinition<_llmrouter_v1_UpdateLimitRequest, _llmrouter_v1_UpdateLimitRequest__Output>
      UpdateLimitResponse: MessageTypeDefinition<_llmrouter_v1_UpdateLimitResponse, _llmrouter_v1_UpdateLimitResponse__Output>
    }
  }
}

