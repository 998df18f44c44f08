// Original file: llmrouter/v1/routing_service.proto

import type { MatchKind as _llmrouter_v1_MatchKind, MatchKind__Output as _llmrouter_v1_MatchKind__Output } from '../../llmrouter/v1/MatchKind';
import type { ResolvedTarget as _llmrouter_v1_ResolvedTarget, ResolvedTarget__Output as _llmrouter_v1_ResolvedTarget__Output } from '../../llmrouter/v1/ResolvedTarget';
import type { SkippedCandidate as _llmrouter_v1_SkippedCandidate, SkippedCandidate__Output as _llmrouter_v1_SkippedCandidate__Output } from '../../llmrouter/v1/SkippedCandidate';

/**
 * Response of ResolveRoute.
 */
export interface ResolveRouteResponse {
  /**
   * How the match was found.
   */
  'matchKind'?: (_llmrouter_v1_MatchKind);
  /**
   * The route that matched, `routes/{route}`; empty unless match_kind is ROUTE.
   */
  'route'?: (string);
  /**
   * The targets StreamChat would try, in order.
   */
  'targets'?: (_llmrouter_v1_ResolvedTarget)[];
  /**
   * Candidates passed over, in evaluation order.
   */
  'skipped'?: (_llmrouter_v1_SkippedCandidate)[];
  /**
   * A one-line human explanation of the decision.
   */
  'explanation'?: (string);
  /**
   * The model that would be served: the requested one, or the default one when the request
   * names none.
   */
  'model'?: (string);
  /**
   * How the route's deployment group orders its members now (empty without a group).
   */
  'balancing'?: (string);
}

/**
 * Response of ResolveRoute.
 */
export interface ResolveRouteResponse__Output {
  /**
   * How the match was found.
   */
  'matchKind': (_llmrouter_v1_MatchKind__Output);
  /**
   * The route that matched, `routes/{route}`; empty unless match_kind is ROUTE.
   */
  'route': (string);
  /**
   * The targets StreamChat would try, in order.
   */
  'targets': (_llmrouter_v1_ResolvedTarget__Output)[];
  /**
   * Candidates passed over, in evaluation order.
   */
  'skipped': (_llmrouter_v1_SkippedCandidate__Output)[];
  /**
   * A one-line human explanation of the decision.
   */
  'explanation': (string);
  /**
   * The model that would be served: the requested one, or the default one when the request
   * names none.
   */
  'model': (string);
  /**
   * How the route's deployment group orders its members now (empty without a group).
   */
  'balancing': (string);
}
