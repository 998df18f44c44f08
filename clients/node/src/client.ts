// A small client for llmrouter on @grpc/grpc-js, with the message types generated from the protos
// (src/generated, by scripts/generate.sh). The .proto files ship in protos/ and are loaded at run
// time by @grpc/proto-loader with the options the types were generated for.
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { LLMRouterError, PROTOS_DIR, errorFrom } from "./errors";
import type { ProtoGrpcType as ChatProto } from "./generated/chat_service";
import type { ProtoGrpcType as ProviderProto } from "./generated/provider_admin_service";
import type { ProtoGrpcType as RequestLogProto } from "./generated/request_log_service";
import type { ProtoGrpcType as RoutingProto } from "./generated/routing_service";
import type { ChatRequest } from "./generated/llmrouter/v1/ChatRequest";
import type { ChatResponse__Output } from "./generated/llmrouter/v1/ChatResponse";
import type { ChatServiceClient } from "./generated/llmrouter/v1/ChatService";
import type { CreateProviderResponse__Output } from "./generated/llmrouter/v1/CreateProviderResponse";
import type { CreateRouteResponse__Output } from "./generated/llmrouter/v1/CreateRouteResponse";
import type { EmbedRequest } from "./generated/llmrouter/v1/EmbedRequest";
import type { EmbedResponse__Output } from "./generated/llmrouter/v1/EmbedResponse";
import type { Message } from "./generated/llmrouter/v1/Message";
import type { ListModelsResponse__Output } from "./generated/llmrouter/v1/ListModelsResponse";
import type { Model__Output } from "./generated/llmrouter/v1/Model";
import type { Provider, Provider__Output } from "./generated/llmrouter/v1/Provider";
import type { ProviderAdminServiceClient } from "./generated/llmrouter/v1/ProviderAdminService";
import type { RequestLogServiceClient } from "./generated/llmrouter/v1/RequestLogService";
import type { ResolveRouteResponse__Output } from "./generated/llmrouter/v1/ResolveRouteResponse";
import type { Route, Route__Output } from "./generated/llmrouter/v1/Route";
import type { RoutingServiceClient } from "./generated/llmrouter/v1/RoutingService";
import type { StreamChatRequest } from "./generated/llmrouter/v1/StreamChatRequest";
import type { StreamChatResponse__Output } from "./generated/llmrouter/v1/StreamChatResponse";

type Proto = ChatProto & ProviderProto & RoutingProto & RequestLogProto;

/** The options the generated types describe (proto-loader-gen-types flags in scripts/generate.sh). */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTOS_DIR],
};

let proto: Proto | undefined;

/** The llmrouter.v1 services and messages, loaded once from the package's protos/. */
export function loadProto(): Proto {
  if (!proto) {
    const dir = path.join("llmrouter", "v1");
    const files = fs
      .readdirSync(path.join(PROTOS_DIR, dir))
      .filter((f) => f.endsWith(".proto"))
      .map((f) => path.join(dir, f));
    proto = grpc.loadPackageDefinition(protoLoader.loadSync(files, LOADER_OPTIONS)) as unknown as Proto;
  }
  return proto;
}

/** An OpenAI-style message ({role: "user", content: "Hi"}) or a llmrouter.v1.Message. */
export type ChatMessage = Message | { role: "system" | "user" | "assistant" | "tool"; content: string };

const ROLES = { system: "ROLE_SYSTEM", user: "ROLE_USER", assistant: "ROLE_ASSISTANT", tool: "ROLE_TOOL" } as const;

export function toMessage(m: ChatMessage): Message {
  const role = m.role;
  if (typeof role === "string" && role in ROLES) {
    return { ...m, role: ROLES[role as keyof typeof ROLES] };
  }
  return m as Message;
}

export interface ClientOptions {
  /** A client key, sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  /** The default deadline of each call, in milliseconds (none when unset). */
  timeoutMs?: number;
  /** TLS with the system's roots (or `rootCerts`). */
  tls?: boolean;
  rootCerts?: Buffer;
  /** Any other channel credentials (wins over `tls`). */
  credentials?: grpc.ChannelCredentials;
  channelOptions?: grpc.ChannelOptions;
}

export interface CallOptions {
  /** This call's deadline, in milliseconds (overrides the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Cancels the call when aborted. */
  signal?: AbortSignal;
}

export type ChatInput = Omit<StreamChatRequest, "messages"> & { model: string; messages: ChatMessage[] };

/** A unary call started with this client's metadata and options. */
type Start<Res> = (
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

export class Client {
  readonly chatService: ChatServiceClient;
  readonly providers: ProviderAdminServiceClient;
  readonly routes: RoutingServiceClient;
  readonly requestLogs: RequestLogServiceClient;
  private readonly metadata: grpc.Metadata;
  private readonly timeoutMs?: number;

  constructor(target = "127.0.0.1:50051", options: ClientOptions = {}) {
    const p = loadProto().llmrouter.v1;
    const credentials =
      options.credentials ??
      (options.tls || options.rootCerts ? grpc.credentials.createSsl(options.rootCerts) : grpc.credentials.createInsecure());
    this.chatService = new p.ChatService(target, credentials, options.channelOptions);
    // The other services share the first client's channel.
    const shared = { channelOverride: this.chatService.getChannel() };
    this.providers = new p.ProviderAdminService(target, credentials, shared);
    this.routes = new p.RoutingService(target, credentials, shared);
    this.requestLogs = new p.RequestLogService(target, credentials, shared);
    this.metadata = new grpc.Metadata();
    if (options.apiKey) {
      this.metadata.set("authorization", `Bearer ${options.apiKey}`);
    }
    this.timeoutMs = options.timeoutMs;
  }

  close(): void {
    this.chatService.close();
  }

  private callOptions(options?: CallOptions): grpc.CallOptions {
    const ms = options?.timeoutMs ?? this.timeoutMs;
    return ms === undefined ? {} : { deadline: new Date(Date.now() + ms) };
  }

  private unary<Res>(start: Start<Res>, options?: CallOptions): Promise<Res> {
    return new Promise((resolve, reject) => {
      const call = start(this.metadata, this.callOptions(options), (err, res) => {
        if (err) {
          reject(errorFrom(err));
        } else {
          resolve(res as Res);
        }
      });
      options?.signal?.addEventListener("abort", () => call.cancel(), { once: true });
    });
  }

  /**
   * Every StreamChatResponse: deltas, then the summary, last. Throws LLMRouterError, also when
   * the stream ends without a summary (a truncated answer is never a success). Leaving the loop
   * early cancels the call, which stops the server's work.
   */
  async *streamChat(input: ChatInput, options?: CallOptions): AsyncGenerator<StreamChatResponse__Output> {
    const request: StreamChatRequest = { ...input, messages: input.messages.map(toMessage) };
    const call = this.chatService.streamChat(request, this.metadata, this.callOptions(options));
    const abort = () => call.cancel();
    options?.signal?.addEventListener("abort", abort, { once: true });
    let summarySeen = false;
    try {
      for await (const msg of call as AsyncIterable<StreamChatResponse__Output>) {
        summarySeen ||= msg.event === "summary";
        yield msg;
      }
    } catch (err) {
      throw errorFrom(err);
    } finally {
      options?.signal?.removeEventListener("abort", abort);
      call.cancel(); // a no-op after a clean end
    }
    if (!summarySeen) {
      throw new LLMRouterError(grpc.status.UNKNOWN, "the stream ended without a summary");
    }
  }

  /** Just the answer text, chunk by chunk. */
  async *streamText(input: ChatInput, options?: CallOptions): AsyncGenerator<string> {
    for await (const msg of this.streamChat(input, options)) {
      if (msg.event === "delta" && msg.delta?.text) {
        yield msg.delta.text;
      }
    }
  }

  chat(input: ChatInput, options?: CallOptions): Promise<ChatResponse__Output> {
    const request: ChatRequest = { ...input, messages: input.messages.map(toMessage) };
    return this.unary<ChatResponse__Output>((md, o, cb) => this.chatService.chat(request, md, o, cb), options);
  }

  async listModels(options?: CallOptions): Promise<Model__Output[]> {
    const out: Model__Output[] = [];
    let pageToken = "";
    do {
      const request = { pageSize: 1000, pageToken };
      const page = await this.unary<ListModelsResponse__Output>(
        (md, o, cb) => this.chatService.listModels(request, md, o, cb),
        options,
      );
      out.push(...page.models);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }

  embed(request: EmbedRequest & { model: string }, options?: CallOptions): Promise<EmbedResponse__Output> {
    return this.unary<EmbedResponse__Output>((md, o, cb) => this.chatService.embed(request, md, o, cb), options);
  }

  /** A provider from a template: `providers/<providerId>` (admin scope). */
  async createProvider(providerId: string, provider: Provider & { template: string }): Promise<Provider__Output> {
    const request = { providerId, provider: { displayName: providerId, ...provider } };
    const res = await this.unary<CreateProviderResponse__Output>((md, o, cb) =>
      this.providers.createProvider(request, md, o, cb),
    );
    return res.provider!;
  }

  async deleteProvider(name: string, etag = ""): Promise<void> {
    const request = { name: qualify("providers", name), etag };
    await this.unary<unknown>((md, o, cb) => this.providers.deleteProvider(request, md, o, cb));
  }

  /** A routing rule: `routes/<routeId>` (admin scope). */
  async createRoute(routeId: string, route: Route & { modelPattern: string }): Promise<Route__Output> {
    const res = await this.unary<CreateRouteResponse__Output>((md, o, cb) =>
      this.routes.createRoute({ routeId, route }, md, o, cb),
    );
    return res.route!;
  }

  async deleteRoute(name: string, etag = ""): Promise<void> {
    const request = { name: qualify("routes", name), etag };
    await this.unary<unknown>((md, o, cb) => this.routes.deleteRoute(request, md, o, cb));
  }

  /** What streamChat would try for `model`, in order, and what it would skip and why. */
  resolveRoute(model: string, provider = ""): Promise<ResolveRouteResponse__Output> {
    return this.unary<ResolveRouteResponse__Output>((md, o, cb) =>
      this.routes.resolveRoute({ model, provider }, md, o, cb),
    );
  }
}

function qualify(collection: string, idOrName: string): string {
  return idOrName.startsWith(`${collection}/`) ? idOrName : `${collection}/${idOrName}`;
}
