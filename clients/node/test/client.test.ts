// The Node client against a live llmrouter (LLMROUTER_ADDRESS; tests/clients/live_clients.py
// starts one). A fake OpenAI upstream on 127.0.0.1 replays the repository's wire fixtures
// (tests/fixtures/wire/openai) and is registered through the client's admin helpers.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { status } from "@grpc/grpc-js";
import { Client, LLMRouterError } from "../src";

const ADDRESS = process.env.LLMROUTER_ADDRESS;
if (!ADDRESS) {
  throw new Error("set LLMROUTER_ADDRESS to a running llmrouter (tests/clients/live_clients.py --node does)");
}
const PACKAGE = path.resolve(__dirname, "..", "..");
const WIRE = path.resolve(PACKAGE, "..", "..", "tests", "fixtures", "wire", "openai");

function fixture(name: string): string {
  return fs.readFileSync(path.join(WIRE, name), "utf8");
}

/** The answer text a streamed fixture carries (its deltas' content, joined). */
function fixtureText(name: string): string {
  return fixture(name)
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .flatMap((line) => JSON.parse(line.slice(6)).choices)
    .map((c: { delta: { content?: string | null } }) => c.delta.content ?? "")
    .join("");
}

const streamClosed: Promise<void>[] = [];

/** POST /v1/chat/completions: "*-limited" gets the 429 fixture, "*-stall" a stream that stops
 * after its first frames and never ends, a stream the SSE fixture, else the completion. */
function upstream(): http.Server {
  return http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = JSON.parse(body);
      if (request.model.endsWith("-limited")) {
        const doc = JSON.parse(fixture("error_429.json"));
        res.writeHead(doc.status, { "content-type": "application/json", ...doc.headers });
        res.end(JSON.stringify(doc.body));
      } else if (request.model.endsWith("-stall")) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(fixture("chat_stream_text.sse").split("\n\n").slice(0, 3).join("\n\n") + "\n\n");
        streamClosed.push(new Promise((resolve) => res.on("close", resolve)));
      } else if (request.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.end(fixture("chat_stream_text.sse"));
      } else {
        const doc = JSON.parse(fixture("chat_completion.json"));
        res.writeHead(doc.status ?? 200, { "content-type": "application/json" });
        res.end(JSON.stringify(doc.body));
      }
    });
  });
}

describe("llmrouter-client", () => {
  const tag = randomUUID().slice(0, 8);
  const model = `node-${tag}-model`;
  const user = [{ role: "user" as const, content: "Hi" }];
  let server: http.Server;
  let llm: Client;
  let provider = "";

  before(async () => {
    server = upstream();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    llm = new Client(ADDRESS, { timeoutMs: 10_000 });
    const made = await llm.createProvider(`node-${tag}`, {
      template: "custom-openai",
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: "sk-node-0123456789",
    });
    assert.equal(made.apiKeySet, true);
    provider = made.name;
    const route = await llm.createRoute(`node-${tag}`, { modelPattern: `node-${tag}-*`, target: { provider } });
    assert.equal(route.target?.provider, provider);
  });

  after(async () => {
    await llm.deleteRoute(`node-${tag}`);
    await llm.deleteProvider(provider);
    llm.close();
    server.closeAllConnections();
    server.close();
  });

  it("streams typed deltas, then one summary, last", async () => {
    const events = [];
    for await (const msg of llm.streamChat({ model, messages: user })) {
      events.push(msg);
    }
    const text = events.map((m) => (m.event === "delta" ? m.delta!.text : "")).join("");
    assert.equal(text, fixtureText("chat_stream_text.sse"));
    assert.ok(events.slice(0, -1).every((m) => m.event === "delta"));
    const last = events[events.length - 1];
    assert.equal(last.event, "summary");
    assert.equal(last.summary!.finishReason, "FINISH_REASON_STOP");
    assert.equal(last.summary!.servedBy!.provider, provider);
    assert.ok(last.summary!.usage!.completionTokens > 0);
    const chunks = [];
    for await (const t of llm.streamText({ model, messages: user })) {
      chunks.push(t);
    }
    assert.equal(chunks.join(""), text);
  });

  it("answers unary calls and resolves routes", async () => {
    const reply = await llm.chat({ model, messages: [{ role: "system", content: "Be brief" }, ...user] });
    assert.ok(reply.message!.content.length > 0);
    assert.equal(reply.summary!.servedBy!.provider, provider);
    const resolved = await llm.resolveRoute(model);
    assert.equal(resolved.route, `routes/node-${tag}`);
    assert.deepEqual(
      resolved.targets.map((t) => t.provider),
      [provider],
    );
    assert.ok((await llm.listModels()).some((m) => m.id === `node-${tag}-*`));
  });

  it("decodes ErrorInfo, BadRequest, RetryInfo and ResourceInfo", async () => {
    const noRoute = await llm.chat({ model: "nothing-routes-here", messages: user }).catch((e) => e);
    assert.ok(noRoute instanceof LLMRouterError, String(noRoute));
    assert.equal(noRoute.code, status.NOT_FOUND);
    assert.equal(noRoute.codeName, "NOT_FOUND");
    assert.equal(noRoute.reason, "NO_ROUTE");
    assert.equal(noRoute.domain, "llmrouter.dev");

    const bad = await llm.chat({ model, messages: [] }).catch((e) => e);
    assert.equal(bad.code, status.INVALID_ARGUMENT);
    assert.ok(bad.fieldViolations.some((v: { field: string }) => v.field === "messages"), JSON.stringify(bad));

    let limited: unknown;
    try {
      for await (const _ of llm.streamChat({ model: `node-${tag}-limited`, messages: user })) {
        assert.fail("a rate-limited upstream sends nothing");
      }
    } catch (err) {
      limited = err;
    }
    assert.ok(limited instanceof LLMRouterError);
    assert.equal(limited.code, status.RESOURCE_EXHAUSTED);
    assert.equal(limited.retryAfter, 20);

    const missing = await llm.deleteProvider(`node-${tag}-missing`).catch((e) => e);
    assert.equal(missing.code, status.NOT_FOUND);
    assert.deepEqual(missing.resource, { type: "provider", name: `providers/node-${tag}-missing` });
  });

  it("honours deadlines", async () => {
    const late = await (async () => {
      for await (const _ of llm.streamChat({ model: `node-${tag}-stall`, messages: user }, { timeoutMs: 300 })) {
        // the first deltas arrive; then the upstream stalls
      }
    })().catch((e) => e);
    assert.ok(late instanceof LLMRouterError);
    assert.equal(late.code, status.DEADLINE_EXCEEDED);
  });

  it("cancels the server's work when the caller stops reading", async () => {
    const before = streamClosed.length;
    for await (const msg of llm.streamChat({ model: `node-${tag}-stall`, messages: user })) {
      assert.equal(msg.event, "delta");
      break;
    }
    assert.equal(streamClosed.length, before + 1);
    await Promise.race([
      streamClosed[before],
      new Promise((_, reject) => setTimeout(() => reject(new Error("the upstream stream stayed open")), 2000)),
    ]);
  });

  it("runs the example (npm run example -- <model> <prompt>, as the README says)", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "example", "--", model, "Hi"], {
      cwd: PACKAGE,
      env: { ...process.env, LLMROUTER_ADDRESS: ADDRESS },
    });
    assert.ok(stdout.startsWith(fixtureText("chat_stream_text.sse")), stdout);
    assert.match(stdout, new RegExp(`served by ${provider}`));
  });
});
