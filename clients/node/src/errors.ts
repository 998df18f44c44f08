// Failed calls as LLMRouterError, with the google.rpc details the server attaches.
//
// Every non-OK status from llmrouter carries a google.rpc.Status in the grpc-status-details-bin
// trailer: ErrorInfo (reason, domain, metadata), plus BadRequest field violations, RetryInfo and
// ResourceInfo where they fit. They are decoded with protobufjs from the package's own copies of
// google/rpc/status.proto and error_details.proto.
import * as path from "node:path";
import { Metadata, ServiceError, status as Status } from "@grpc/grpc-js";
import * as protobuf from "protobufjs";
import type { BadRequest__Output } from "./generated/google/rpc/BadRequest";
import type { ErrorInfo__Output } from "./generated/google/rpc/ErrorInfo";
import type { ResourceInfo__Output } from "./generated/google/rpc/ResourceInfo";
import type { RetryInfo__Output } from "./generated/google/rpc/RetryInfo";

export const PROTOS_DIR = path.resolve(__dirname, "..", "..", "protos");

let rpcRoot: protobuf.Root | undefined;

function rpcTypes(): protobuf.Root {
  if (!rpcRoot) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(PROTOS_DIR, target);
    root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: false });
    rpcRoot = root;
  }
  return rpcRoot;
}

const AS_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, arrays: true, objects: true };

export interface FieldViolation {
  field: string;
  description: string;
}

/** A failed call, with the server's rich error details. */
export class LLMRouterError extends Error {
  /** The gRPC status code (grpc.status). */
  readonly code: Status;
  /** The ErrorInfo reason, e.g. "NO_ROUTE" ("" when the status carried none). */
  reason = "";
  domain = "";
  errorMetadata: Record<string, string> = {};
  /** BadRequest field violations, in order. */
  fieldViolations: FieldViolation[] = [];
  /** Seconds to wait before trying again (RetryInfo), when waiting helps. */
  retryAfter?: number;
  /** The missing or offending resource (ResourceInfo). */
  resource?: { type: string; name: string };

  constructor(code: Status, message: string) {
    super(message);
    this.name = "LLMRouterError";
    this.code = code;
  }

  /** The status code's name, e.g. "NOT_FOUND". */
  get codeName(): string {
    return Status[this.code];
  }

  override toString(): string {
    return `${this.codeName}: ${this.message}` + (this.reason ? ` (${this.reason})` : "");
  }
}

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as ServiceError).code === "number" && "metadata" in err;
}

/** The LLMRouterError of a failed call (anything else is returned as it is). */
export function errorFrom(err: unknown): unknown {
  if (!isServiceError(err)) {
    return err;
  }
  const out = new LLMRouterError(err.code, err.details ?? err.message);
  readDetails(err.metadata, out);
  return out;
}

function readDetails(trailers: Metadata | undefined, out: LLMRouterError): void {
  const root = rpcTypes();
  const StatusType = root.lookupType("google.rpc.Status");
  for (const value of trailers?.get("grpc-status-details-bin") ?? []) {
    let details: { type_url?: string; typeUrl?: string; value: Uint8Array }[];
    try {
      details = (StatusType.decode(value as Buffer) as unknown as { details: typeof details }).details;
    } catch {
      continue; // undecodable details: keep the plain status
    }
    for (const any of details) {
      const typeName = (any.typeUrl ?? any.type_url ?? "").split("/").pop() ?? "";
      let type: protobuf.Type;
      try {
        type = root.lookupType(typeName);
      } catch {
        continue; // a detail type this client does not know
      }
      const detail = type.toObject(type.decode(any.value), AS_OBJECT);
      switch (typeName) {
        case "google.rpc.ErrorInfo": {
          const info = detail as ErrorInfo__Output;
          out.reason = info.reason;
          out.domain = info.domain;
          out.errorMetadata = { ...info.metadata };
          break;
        }
        case "google.rpc.BadRequest":
          out.fieldViolations = (detail as BadRequest__Output).fieldViolations.map((v) => ({
            field: v.field,
            description: v.description,
          }));
          break;
        case "google.rpc.RetryInfo": {
          const delay = (detail as RetryInfo__Output).retryDelay;
          if (delay) {
            out.retryAfter = Number(delay.seconds) + delay.nanos / 1e9;
          }
          break;
        }
        case "google.rpc.ResourceInfo": {
          const res = detail as ResourceInfo__Output;
          out.resource = { type: res.resourceType, name: res.resourceName };
          break;
        }
      }
    }
  }
}
