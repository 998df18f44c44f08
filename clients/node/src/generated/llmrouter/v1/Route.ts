// Original file: llmrouter/v1/route.proto

import type { RouteTarget as _llmrouter_v1_RouteTarget, RouteTarget__Output as _llmrouter_v1_RouteTarget__Output } from '../../llmrouter/v1/RouteTarget';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Deployment as _llmrouter_v1_Deployment, Deployment__Output as _llmrouter_v1_Deployment__Output } from '../../llmrouter/v1/Deployment';
import type { BalanceStrategy as _llmrouter_v1_BalanceStrategy, BalanceStrategy__Output as _llmrouter_v1_BalanceStrategy__Output } from '../../llmrouter/v1/BalanceStrategy';

/**
 * A routing rule: requests whose model matches the pattern go to the target, then to the
 * fallbacks in order when the target fails before the first token.
 */
export interface Route {
  /**
   * Resource name, `routes/{route}`. Output only; chosen by CreateRouteRequest.route_id.
   */
  'name'?: (string);
  /**
   * Exact model name (`gpt-4o`) or glob (`gpt-*`, `claude-3-?-*`, `llama-[23]*`). Required.
   */
  'modelPattern'?: (string);
  /**
   * Higher priority rules are considered first. At equal priority an exact pattern beats a
   * glob; remaining ties go to the older rule.
   */
  'priority'?: (number);
  /**
   * The primary target. Required unless `deployments` is set (then it must be unset).
   */
  'target'?: (_llmrouter_v1_RouteTarget | null);
  /**
   * Targets tried in order after the primary fails (at most 8).
   */
  'fallbacks'?: (_llmrouter_v1_RouteTarget)[];
  /**
   * Whether the rule is active. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Free-form description.
   */
  'description'?: (string);
  /**
   * Creation time. Output only.
   */
  'createTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Last update time. Output only.
   */
  'updateTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag'?: (string);
  /**
   * A group of deployments that share the primary's traffic, in place of `target` (at most
   * 16): each is tried in the order the strategy gives, then the fallbacks in order.
   */
  'deployments'?: (_llmrouter_v1_Deployment)[];
  /**
   * How the deployment group is ordered for each request.
   */
  'strategy'?: (_llmrouter_v1_BalanceStrategy);
  '_enabled'?: "enabled";
}

/**
 * A routing rule: requests whose model matches the pattern go to the target, then to the
 * fallbacks in order when the target fails before the first token.
 */
export interface Route__Output {
  /**
   * Resource name, `routes/{route}`. Output only; chosen by CreateRouteRequest.route_id.
   */
  'name': (string);
  /**
   * Exact model name (`gpt-4o`) or glob (`gpt-*`, `claude-3-?-*`, `llama-[23]*`). Required.
   */
  'modelPattern': (string);
  /**
   * Higher priority rules are considered first. At equal priority an exact pattern beats a
   * glob; remaining ties go to the older rule.
   */
  'priority': (number);
  /**
   * The primary target. Required unless `deployments` is set (then it must be unset).
   */
  'target': (_llmrouter_v1_RouteTarget__Output | null);
  /**
   * Targets tried in order after the primary fails (at most 8).
   */
  'fallbacks': (_llmrouter_v1_RouteTarget__Output)[];
  /**
   * Whether the rule is active. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Free-form description.
   */
  'description': (string);
  /**
   * Creation time. Output only.
   */
  'createTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Last update time. Output only.
   */
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Opaque version tag; pass it back on update or delete to guard against lost updates.
   */
  'etag': (string);
  /**
   * A group of deployments that share the primary's traffic, in place of `target` (at most
   * 16): each is tried in the order the strategy gives, then the fallbacks in order.
   */
  'deployments': (_llmrouter_v1_Deployment__Output)[];
  /**
   * How the deployment group is ordered for each request.
   */
  'strategy': (_llmrouter_v1_BalanceStrategy__Output);
  '_enabled'?: "enabled";
}
