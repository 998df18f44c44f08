// Original file: llmrouter/v1/request_log_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

/**
 * Request of GetUsageSummary.
 */
export interface GetUsageSummaryRequest {
  /**
   * Window start (inclusive); unset means the beginning of the log.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Window end (exclusive); unset means now.
   */
  'endTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * Request of GetUsageSummary.
 */
export interface GetUsageSummaryRequest__Output {
  /**
   * Window start (inclusive); unset means the beginning of the log.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Window end (exclusive); unset means now.
   */
  'endTime': (_google_protobuf_Timestamp__Output | null);
}
