// Original file: llmrouter/v1/request_log_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetUsageSummaryRequest as _llmrouter_v1_GetUsageSummaryRequest, GetUsageSummaryRequest__Output as _llmrouter_v1_GetUsageSummaryRequest__Output } from '../../llmrouter/v1/GetUsageSummaryRequest';
import type { GetUsageSummaryResponse as _llmrouter_v1_GetUsageSummaryResponse, GetUsageSummaryResponse__Output as _llmrouter_v1_GetUsageSummaryResponse__Output } from '../../llmrouter/v1/GetUsageSummaryResponse';
import type { ListRequestLogsRequest as _llmrouter_v1_ListRequestLogsRequest, ListRequestLogsRequest__Output as _llmrouter_v1_ListRequestLogsRequest__Output } from '../../llmrouter/v1/ListRequestLogsRequest';
import type { ListRequestLogsResponse as _llmrouter_v1_ListRequestLogsResponse, ListRequestLogsResponse__Output as _llmrouter_v1_ListRequestLogsResponse__Output } from '../../llmrouter/v1/ListRequestLogsResponse';

/**
 * Reads the request log: recent calls and usage totals. Needs the `admin` scope.
 */
export interface RequestLogServiceClient extends grpc.Client {
  /**
   * Sums usage per provider and model over a time window.
   */
  GetUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  GetUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  GetUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  GetUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sums usage per provider and model over a time window.
   */
  getUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  getUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  getUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  getUsageSummary(argument: _llmrouter_v1_GetUsageSummaryRequest, callback: grpc.requestCallback<_llmrouter_v1_GetUsageSummaryResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists recent calls, newest first, with optional filters.
   */
  ListRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  ListRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  ListRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  ListRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists recent calls, newest first, with optional filters.
   */
  listRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  listRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  listRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  listRequestLogs(argument: _llmrouter_v1_ListRequestLogsRequest, callback: grpc.requestCallback<_llmrouter_v1_ListRequestLogsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Reads the request log: recent calls and usage totals. Needs the `admin` scope.
 */
export interface RequestLogServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Sums usage per provider and model over a time window.
   */
  GetUsageSummary: grpc.handleUnaryCall<_llmrouter_v1_GetUsageSummaryRequest__Output, _llmrouter_v1_GetUsageSummaryResponse>;
  
  /**
   * Lists recent calls, newest first, with optional filters.
   */
  ListRequestLogs: grpc.handleUnaryCall<_llmrouter_v1_ListRequestLogsRequest__Output, _llmrouter_v1_ListRequestLogsResponse>;
  
}

export interface RequestLogServiceDefinition extends grpc.ServiceDefinition {
  GetUsageSummary: MethodDefinition<_llmrouter_v1_GetUsageSummaryRequest, _llmrouter_v1_GetUsageSummaryResponse, _llmrouter_v1_GetUsageSummaryRequest__Output, _llmrouter_v1_GetUsageSummaryResponse__Output>
  ListRequestLogs: MethodDefinition<_llmrouter_v1_ListRequestLogsRequest, _llmrouter_v1_ListRequestLogsResponse, _llmrouter_v1_ListRequestLogsRequest__Output, _llmrouter_v1_ListRequestLogsResponse__Output>
}
