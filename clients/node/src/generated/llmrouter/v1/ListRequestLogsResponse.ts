// Original file: llmrouter/v1/request_log_service.proto

import type { RequestLogEntry as _llmrouter_v1_RequestLogEntry, RequestLogEntry__Output as _llmrouter_v1_RequestLogEntry__Output } from '../../llmrouter/v1/RequestLogEntry';

/**
 * Response of ListRequestLogs.
 */
export interface ListRequestLogsResponse {
  /**
   * The entries, newest first.
   */
  'entries'?: (_llmrouter_v1_RequestLogEntry)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of ListRequestLogs.
 */
export interface ListRequestLogsResponse__Output {
  /**
   * The entries, newest first.
   */
  'entries': (_llmrouter_v1_RequestLogEntry__Output)[];
  /**
   * Token for the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
