import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { GetUsageSummaryRequest as _llmrouter_v1_GetUsageSummaryRequest, GetUsageSummaryRequest__Output as _llmrouter_v1_GetUsageSummaryRequest__Output } from './llmrouter/v1/GetUsageSummaryRequest';
import type { GetUsageSummaryResponse as _llmrouter_v1_GetUsageSummaryResponse, GetUsageSummaryResponse__Output as _llmrouter_v1_GetUsageSummaryResponse__Output } from './llmrouter/v1/GetUsageSummaryResponse';
import type { ListRequestLogsRequest as _llmrouter_v1_ListRequestLogsRequest, ListRequestLogsRequest__Output as _llmrouter_v1_ListRequestLogsRequest__Output } from './llmrouter/v1/ListRequestLogsRequest';
import type { ListRequestLogsResponse as _llmrouter_v1_ListRequestLogsResponse, ListRequestLogsResponse__Output as _llmrouter_v1_ListRequestLogsResponse__Output } from './llmrouter/v1/ListRequestLogsResponse';
import type { RequestLogEntry as _llmrouter_v1_RequestLogEntry, RequestLogEntry__Output as _llmrouter_v1_RequestLogEntry__Output } from './llmrouter/v1/RequestLogEntry';
import type { RequestLogServiceClient as _llmrouter_v1_RequestLogServiceClient, RequestLogServiceDefinition as _llmrouter_v1_RequestLogServiceDefinition } from './llmrouter/v1/RequestLogService';
import type { UsageTotal as _llmrouter_v1_UsageTotal, UsageTotal__Output as _llmrouter_v1_UsageTotal__Output } from './llmrouter/v1/UsageTotal';

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
      GetUsageSummaryRequest: MessageTypeDefinition<_llmrouter_v1_GetUsageSummaryRequest, _llmrouter_v1_GetUsageSummaryRequest__Output>
      GetUsageSummaryResponse: MessageTypeDefinition<_llmrouter_v1_GetUsageSummaryResponse, _llmrouter_v1_GetUsageSummaryResponse__Output>
      ListRequestLogsRequest: MessageTypeDefinition<_llmrouter_v1_ListRequestLogsRequest, _llmrouter_v1_ListRequestLogsRequest__Output>
      ListRequestLogsResponse: MessageTypeDefinition<_llmrouter_v1_ListRequestLogsResponse, _llmrouter_v1_ListRequestLogsResponse__Output>
      RequestLogEntry: MessageTypeDefinition<_llmrouter_v1_RequestLogEntry, _llmrouter_v1_RequestLogEntry__Output>
      /**
       * Reads the request log: recent calls and usage totals. Needs the `admin` scope.
       */
      RequestLogService: SubtypeConstructor<typeof grpc.Client, _llmrouter_v1_RequestLogServiceClient> & { service: _llmrouter_v1_RequestLogServiceDefinition }
      UsageGroup: EnumTypeDefinition
      UsagePeriod: EnumTypeDefinition
      UsageTotal: MessageTypeDefinition<_llmrouter_v1_UsageTotal, _llmrouter_v1_UsageTotal__Output>
    }
  }
}

