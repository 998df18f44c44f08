// Original file: llmrouter/v1/request_log_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

/**
 * Request of ListRequestLogs.
 */
export interface ListRequestLogsRequest {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize'?: (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken'?: (string);
  /**
   * Only calls served by (or failed at) this provider, `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * Only calls for this requested model.
   */
  'requestedModel'?: (string);
  /**
   * Only calls that ended with this status code name, e.g. `OK`, `UNAVAILABLE`.
   */
  'status'?: (string);
  /**
   * Only calls with this request id.
   */
  'requestId'?: (string);
  /**
   * Only calls started at or after this time.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * Request of ListRequestLogs.
 */
export interface ListRequestLogsRequest__Output {
  /**
   * Page size, 1 to 1000; 0 means 100.
   */
  'pageSize': (number);
  /**
   * Token from a previous response's next_page_token.
   */
  'pageToken': (string);
  /**
   * Only calls served by (or failed at) this provider, `providers/{provider}`.
   */
  'provider': (string);
  /**
   * Only calls for this requested model.
   */
  'requestedModel': (string);
  /**
   * Only calls that ended with this status code name, e.g. `OK`, `UNAVAILABLE`.
   */
  'status': (string);
  /**
   * Only calls with this request id.
   */
  'requestId': (string);
  /**
   * Only calls started at or after this time.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
}
