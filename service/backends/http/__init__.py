"""What the HTTP cloud adapters (`service.backends.openai`, `service.backends.anthropic`) share.

One idea per module:

* `timeouts`: the phase timeouts (`HttpTimeouts`) and the caller's deadline;
* `client`: the pooled `httpx.AsyncClient`, one per provider backend;
* `redaction`: upstream text made safe to show (the provider key removed);
* `retry_after`: ``retry-after-ms`` / ``Retry-After`` parsing;
* `errors`: upstream failures classified into domain errors (`RouterError` with a `Reason`);
* `sse`: server-sent events decoding;
* `watchdog`: the cheap per-read timer of a stream;
* `stream`: an open streaming response (`UpstreamStream`): SSE event batches with phase timeouts;
* `events`: the transport loop shared by both adapters (frames in, domain events out, through
  the adapter's event mapper);
* `backend`: the base class of the HTTP backends (sending requests, JSON calls, opening streams);
* `verify`: the connectivity check both adapters answer `verify` with.
"""
