"""The Responses API endpoints over ChatService and the stored-responses port.

    POST   /v1/responses                       create (streamed or not); `store` (default true)
                                               keeps it for `previous_response_id`
    GET    /v1/responses/{id}                  a stored response
    DELETE /v1/responses/{id}                  deletes one
    GET    /v1/responses/{id}/input_items      its input items (limit, order, after)

A stored response belongs to the client key that created it (its key id; the SHA-256 of
the secret for keys of another shape; "" without a key): reads and deletes by any other key
are 404. Reads authenticate the key first with one ListModels call, so an invalid key is
401 and never learns whether an id exists.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import grpc

from llmrouter.v1 import chat_service_pb2
from service.bridge.common import parse_json_object
from service.bridge.endpoints import Bridge
from service.bridge.errors import BridgeError, from_rpc_error
from service.bridge.exchange import ClientGone, Exchange
from service.bridge.responses.request import input_messages, responses_request
from service.core.errors import RouterError
from service.core.responses import ResponseStore, StoredResponse

log = logging.getLogger(__name__)

_KEY = re.compile(r"^llmr_([0-9a-f]+)_")
_ID = re.compile(r"^resp_[0-9a-f]{32}$")


def owner_of(md: tuple[tuple[str, str], ...]) -> str:
    """The owner of what this caller stores: its client key id."""
    for k, v in md:
        if k == "authorization":
            secret = v.removeprefix("Bearer ").strip()
            m = _KEY.match(secret)
            return m.group(1) if m else hashlib.sha256(secret.encode()).hexdigest()[:32]
    return ""


def _store_error(exc: RouterError) -> BridgeError:
    return BridgeError(
        503, "stored responses are unavailable; try again later", code="store_unavailable", retry_after=exc.retry_after
    )


def _not_found(response_id: str, param: str | None = None) -> BridgeError:
    what = "Previous response" if param else "Response"
    return BridgeError(404, f"{what} with id {response_id[:80]!r} not found.", param=param, code="not_found")


def _with_ids(items: list[dict]) -> list[dict]:
    """Input items as listed: each with an id (OpenAI gives input messages `msg_` ids)."""
    out = []
    for item in items:
        if "id" not in item:
            prefix = {"function_call": "fc", "reasoning": "rs", "function_call_output": "fco"}.get(
                str(item.get("type")), "msg"
            )
            item = {"id": f"{prefix}_{uuid.uuid4().hex}", **item}
        if item.get("type", "message") == "message" and isinstance(item.get("content"), str):
            kind = "output_text" if item.get("role") == "assistant" else "input_text"
            item = {**item, "type": "message", "content": [{"type": kind, "text": item["content"]}]}
        out.append(item)
    return out


class ResponsesEndpoints:
    def __init__(self, bridge: Bridge, store: ResponseStore | None) -> None:
        self.bridge = bridge
        self.store = store

    async def _authenticate(self, md) -> None:
        try:
            await self.bridge.stub.ListModels(chat_service_pb2.ListModelsRequest(page_size=1), metadata=md)
        except grpc.aio.AioRpcError as err:
            raise from_rpc_error(err) from None

    def _require_store(self) -> ResponseStore:
        if self.store is None:
            raise BridgeError(404, "stored responses are not enabled on this server", code="not_found")
        return self.store

    # -------------------------------------------------------------- create

    async def create(self, ex: Exchange) -> None:
        try:
            md = ex.metadata()
            doc = parse_json_object(await ex.read_body(self.bridge.max_body))
            owner = owner_of(md)
            history: list[dict] = []
            prev = doc.get("previous_response_id")
            if isinstance(prev, str) and prev:
                store = self.store
                if store is None:
                    raise BridgeError(
                        400,
                        "invalid request: previous_response_id: stored responses are not enabled on this server",
                        param="previous_response_id",
                        code="invalid_value",
                    )
                await self._authenticate(md)
                rec = await store.get(prev, owner) if _ID.match(prev) else None
                if rec is None:
                    raise _not_found(prev, "previous_response_id")
                history = rec.conversation
            req, opts = responses_request(doc, ex.request_id, input_messages(history) if history else None)
        except BridgeError as e:
            await ex.error(e)
            return
        except RouterError as exc:
            await ex.error(_store_error(exc))
            return
        except ClientGone:
            return
        if self.store is None:
            opts.store = False
        store = self.store if opts.store else None

        async def save(response: dict) -> None:
            if store is None or response.get("status") not in ("completed", "incomplete"):
                return
            inputs = _with_ids(opts.input_items)
            record = StoredResponse(
                id=response["id"],
                owner=owner,
                create_time=datetime.now(UTC),
                response=response,
                input_items=inputs,
                conversation=history + inputs + list(response.get("output") or ()),
            )
            try:
                await store.save(record)
            except Exception:  # the answer still goes out; it just cannot be continued
                log.warning("could not store response %s", response.get("id"), exc_info=True)

        if opts.stream:

            async def before_close(enc) -> None:
                if enc.final is not None:
                    await save(enc.final)

            await self.bridge._stream(ex, req, opts, md, before_close)
        else:
            await self.bridge._unary(ex, req, opts, md, save)

    # -------------------------------------------------------------- read, delete

    async def one(self, ex: Exchange) -> None:
        response_id = ex.scope.get("path_params", {}).get("response_id", "")
        try:
            md = ex.metadata()
            store = self._require_store()
            await self._authenticate(md)
            owner = owner_of(md)
            if ex.scope["method"] == "DELETE":
                if not (_ID.match(response_id) and await store.delete(response_id, owner)):
                    raise _not_found(response_id)
                await ex.json(200, {"id": response_id, "object": "response", "deleted": True})
                return
            if _query(ex).get("stream") in ("true", "1"):
                raise BridgeError(
                    400,
                    "invalid request: stream: replaying a stored response as a stream is not supported by llmrouter",
                    param="stream",
                    code="invalid_value",
                )
            rec = await store.get(response_id, owner) if _ID.match(response_id) else None
            if rec is None:
                raise _not_found(response_id)
            await ex.json(200, rec.response)
        except BridgeError as e:
            await ex.error(e)
        except RouterError as exc:
            await ex.error(_store_error(exc))

    async def input_items(self, ex: Exchange) -> None:
        response_id = ex.scope.get("path_params", {}).get("response_id", "")
        try:
            md = ex.metadata()
            store = self._require_store()
            q = _query(ex)
            limit = _limit(q.get("limit"))
            order = q.get("order", "desc")
            if order not in ("asc", "desc"):
                raise BridgeError(
                    400, "invalid request: order: must be 'asc' or 'desc'", param="order", code="invalid_value"
                )
            await self._authenticate(md)
            rec = await store.get(response_id, owner_of(md)) if _ID.match(response_id) else None
            if rec is None:
                raise _not_found(response_id)
            items: list[dict[str, Any]] = list(rec.input_items)
            if order == "desc":
                items.reverse()
            after = q.get("after")
            if after:
                ids = [i.get("id") for i in items]
                items = items[ids.index(after) + 1 :] if after in ids else []
            page = items[:limit]
            await ex.json(
                200,
                {
                    "object": "list",
                    "data": page,
                    "first_id": page[0]["id"] if page else None,
                    "last_id": page[-1]["id"] if page else None,
                    "has_more": len(items) > limit,
                },
            )
        except BridgeError as e:
            await ex.error(e)
        except RouterError as exc:
            await ex.error(_store_error(exc))


def _query(ex: Exchange) -> dict[str, str]:
    raw = ex.scope.get("query_string", b"")
    return dict(parse_qsl(raw.decode("latin-1"))) if raw else {}


def _limit(raw: str | None) -> int:
    if raw is None:
        return 20
    try:
        n = int(raw)
    except ValueError:
        n = 0
    if not 1 <= n <= 100:
        raise BridgeError(400, "invalid request: limit: must be between 1 and 100", param="limit", code="invalid_value")
    return n
