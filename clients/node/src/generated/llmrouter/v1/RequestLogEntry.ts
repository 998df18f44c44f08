// Original file: llmrouter/v1/request_log.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

/**
 * One chat or embedding call, as the request log recorded it.
 */
export interface RequestLogEntry {
  /**
   * Resource name, `requestLogs/{id}`.
   */
  'name'?: (string);
  /**
   * When the call started.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The request id (the caller's, or one assigned by the server).
   */
  'requestId'?: (string);
  /**
   * The id of the caller's client key; empty in protected mode.
   */
  'callerKeyId'?: (string);
  /**
   * The RPC: `StreamChat`, `Chat` or `Embed`.
   */
  'method'?: (string);
  /**
   * The model the caller asked for.
   */
  'requestedModel'?: (string);
  /**
   * The route that matched, `routes/{route}`; empty when none did.
   */
  'route'?: (string);
  /**
   * The provider that served (or last failed), `providers/{provider}`.
   */
  'provider'?: (string);
  /**
   * The upstream model that served (or last failed).
   */
  'model'?: (string);
  /**
   * Attempts made, retries and fallbacks included.
   */
  'attempts'?: (number);
  /**
   * Position of the serving target (0 is the primary).
   */
  'fallbackIndex'?: (number);
  /**
   * Prompt tokens.
   */
  'promptTokens'?: (number);
  /**
   * Completion tokens.
   */
  'completionTokens'?: (number);
  /**
   * Prompt tokens served from a cache.
   */
  'cachedPromptTokens'?: (number);
  /**
   * Time to the first content delta, in milliseconds (0 when none came).
   */
  'ttftMs'?: (number | string | Long);
  /**
   * Duration of the whole call, in milliseconds.
   */
  'durationMs'?: (number | string | Long);
  /**
   * Final gRPC status code name, e.g. `OK`, `UNAVAILABLE`.
   */
  'status'?: (string);
  /**
   * ErrorInfo reason of a failed call.
   */
  'errorReason'?: (string);
  /**
   * The call's cost in billionths of `currency` at the price in force when it was made;
   * unset when the model has no price (unpriced, never counted as free).
   */
  'costNanos'?: (number | string | Long);
  /**
   * ISO 4217 code of cost_nanos; empty when unpriced.
   */
  'currency'?: (string);
  '_costNanos'?: "costNanos";
}

/**
 * One chat or embedding call, as the request log recorded it.
 */
export interface RequestLogEntry__Output {
  /**
   * Resource name, `requestLogs/{id}`.
   */
  'name': (string);
  /**
   * When the call started.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The request id (the caller's, or one assigned by the server).
   */
  'requestId': (string);
  /**
   * The id of the caller's client key; empty in protected mode.
   */
  'callerKeyId': (string);
  /**
   * The RPC: `StreamChat`, `Chat` or `Embed`.
   */
  'method': (string);
  /**
   * The model the caller asked for.
   */
  'requestedModel': (string);
  /**
   * The route that matched, `routes/{route}`; empty when none did.
   */
  'route': (string);
  /**
   * The provider that served (or last failed), `providers/{provider}`.
   */
  'provider': (string);
  /**
   * The upstream model that served (or last failed).
   */
  'model': (string);
  /**
   * Attempts made, retries and fallbacks included.
   */
  'attempts': (number);
  /**
   * Position of the serving target (0 is the primary).
   */
  'fallbackIndex': (number);
  /**
   * Prompt tokens.
   */
  'promptTokens': (number);
  /**
   * Completion tokens.
   */
  'completionTokens': (number);
  /**
   * Prompt tokens served from a cache.
   */
  'cachedPromptTokens': (number);
  /**
   * Time to the first content delta, in milliseconds (0 when none came).
   */
  'ttftMs': (string);
  /**
   * Duration of the whole call, in milliseconds.
   */
  'durationMs': (string);
  /**
   * Final gRPC status code name, e.g. `OK`, `UNAVAILABLE`.
   */
  'status': (string);
  /**
   * ErrorInfo reason of a failed call.
   */
  'errorReason': (string);
  /**
   * The call's cost in billionths of `currency` at the price in force when it was made;
   * unset when the model has no price (unpriced, never counted as free).
   */
  'costNanos'?: (string);
  /**
   * ISO 4217 code of cost_nanos; empty when unpriced.
   */
  'currency': (string);
  '_costNanos'?: "costNanos";
}
