// Original file: llmrouter/v1/provider.proto

import type { ApiType as _llmrouter_v1_ApiType, ApiType__Output as _llmrouter_v1_ApiType__Output } from '../../llmrouter/v1/ApiType';
import type { ProviderModel as _llmrouter_v1_ProviderModel, ProviderModel__Output as _llmrouter_v1_ProviderModel__Output } from '../../llmrouter/v1/ProviderModel';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

/**
 * A model provider: where requests go and with which credentials.
 */
export interface Provider {
  /**
   * Resource name, `providers/{provider}`. Output only; chosen by CreateProviderRequest.provider_id.
   */
  'name'?: (string);
  /**
   * Human-readable name, unique among providers. Required.
   */
  'displayName'?: (string);
  /**
   * The API the provider speaks. Required on create; immutable.
   */
  'apiType'?: (_llmrouter_v1_ApiType);
  /**
   * Base URL, http or https, e.g. `https://api.openai.com/v1`. Empty on create takes
   * the template's default. Immutable for built-in providers.
   */
  'baseUrl'?: (string);
  /**
   * The provider API key. Input only: never returned. Stored encrypted.
   */
  'apiKey'?: (string);
  /**
   * Whether an API key is stored. Output only.
   */
  'apiKeySet'?: (boolean);
  /**
   * The last 4 characters of the stored key at most, e.g. `...wxyz`. Output only.
   */
  'apiKeyHint'?: (string);
  /**
   * Whether the provider serves requests. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Whether the provider is one of the seeded built-ins (cannot be deleted). Output only.
   */
  'builtin'?: (boolean);
  /**
   * The provider's registered models. Output only; managed with the ProviderModel RPCs.
   */
  'models'?: (_llmrouter_v1_ProviderModel)[];
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
   * The template the provider was created from, e.g. `groq`. Immutable.
   */
  'template'?: (string);
  /**
   * Upstream TLS: PEM CA certificates trusted for this provider's HTTPS, beside the system's
   * and the server's LLMROUTER_UPSTREAM_CA_BUNDLE (a self-hosted endpoint, a corporate proxy).
   */
  'tlsCaCertificates'?: (string);
  /**
   * Upstream mTLS: the PEM client certificate chain presented to the provider; set it together
   * with tls_client_key ("" for both removes them).
   */
  'tlsClientCertificate'?: (string);
  /**
   * Upstream mTLS: the PEM private key of tls_client_certificate. Input only: never returned.
   * Stored encrypted.
   */
  'tlsClientKey'?: (string);
  /**
   * Whether a client certificate key is stored. Output only.
   */
  'tlsClientKeySet'?: (boolean);
  '_enabled'?: "enabled";
}

/**
 * A model provider: where requests go and with which credentials.
 */
export interface Provider__Output {
  /**
   * Resource name, `providers/{provider}`. Output only; chosen by CreateProviderRequest.provider_id.
   */
  'name': (string);
  /**
   * Human-readable name, unique among providers. Required.
   */
  'displayName': (string);
  /**
   * The API the provider speaks. Required on create; immutable.
   */
  'apiType': (_llmrouter_v1_ApiType__Output);
  /**
   * Base URL, http or https, e.g. `https://api.openai.com/v1`. Empty on create takes
   * the template's default. Immutable for built-in providers.
   */
  'baseUrl': (string);
  /**
   * The provider API key. Input only: never returned. Stored encrypted.
   */
  'apiKey': (string);
  /**
   * Whether an API key is stored. Output only.
   */
  'apiKeySet': (boolean);
  /**
   * The last 4 characters of the stored key at most, e.g. `...wxyz`. Output only.
   */
  'apiKeyHint': (string);
  /**
   * Whether the provider serves requests. Defaults to true on create.
   */
  'enabled'?: (boolean);
  /**
   * Whether the provider is one of the seeded built-ins (cannot be deleted). Output only.
   */
  'builtin': (boolean);
  /**
   * The provider's registered models. Output only; managed with the ProviderModel RPCs.
   */
  'models': (_llmrouter_v1_ProviderModel__Output)[];
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
   * The template the provider was created from, e.g. `groq`. Immutable.
   */
  'template': (string);
  /**
   * Upstream TLS: PEM CA certificates trusted for this provider's HTTPS, beside the system's
   * and the server's LLMROUTER_UPSTREAM_CA_BUNDLE (a self-hosted endpoint, a corporate proxy).
   */
  'tlsCaCertificates': (string);
  /**
   * Upstream mTLS: the PEM client certificate chain presented to the provider; set it together
   * with tls_client_key ("" for both removes them).
   */
  'tlsClientCertificate': (string);
  /**
   * Upstream mTLS: the PEM private key of tls_client_certificate. Input only: never returned.
   * Stored encrypted.
   */
  'tlsClientKey': (string);
  /**
   * Whether a client certificate key is stored. Output only.
   */
  'tlsClientKeySet': (boolean);
  '_enabled'?: "enabled";
}
