import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { ChatDelta as _llmrouter_v1_ChatDelta, ChatDelta__Output as _llmrouter_v1_ChatDelta__Output } from './llmrouter/v1/ChatDelta';
import type { ChatSummary as _llmrouter_v1_ChatSummary, ChatSummary__Output as _llmrouter_v1_ChatSummary__Output } from './llmrouter/v1/ChatSummary';
import type { GenerationConfig as _llmrouter_v1_GenerationConfig, GenerationConfig__Output as _llmrouter_v1_GenerationConfig__Output } from './llmrouter/v1/GenerationConfig';
import type { Message as _llmrouter_v1_Message, Message__Output as _llmrouter_v1_Message__Output } from './llmrouter/v1/Message';
import type { ServedBy as _llmrouter_v1_ServedBy, ServedBy__Output as _llmrouter_v1_ServedBy__Output } from './llmrouter/v1/ServedBy';
import type { Tool as _llmrouter_v1_Tool, Tool__Output as _llmrouter_v1_Tool__Output } from './llmrouter/v1/Tool';
import type { ToolCall as _llmrouter_v1_ToolCall, ToolCall__Output as _llmrouter_v1_ToolCall__Output } from './llmrouter/v1/ToolCall';
import type { ToolCallDelta as _llmrouter_v1_ToolCallDelta, ToolCallDelta__Output as _llmrouter_v1_ToolCallDelta__Output } from './llmrouter/v1/ToolCallDelta';
import type { ToolChoice as _llmrouter_v1_ToolChoice, ToolChoice__Output as _llmrouter_v1_ToolChoice__Output } from './llmrouter/v1/ToolChoice';
import type { Usage as _llmrouter_v1_Usage, Usage__Output as _llmrouter_v1_Usage__Output } from './llmrouter/v1/Usage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  llmrouter: {
    v1: {
      ChatDelta: MessageTypeDefinition<_llmrouter_v1_ChatDelta, _llmrouter_v1_ChatDelta__Output>
      ChatSummary: MessageTypeDefinition<_llmrouter_v1_ChatSummary, _llmrouter_v1_ChatSummary__Output>
      FinishReason: EnumTypeDefinition
      GenerationConfig: MessageTypeDefinition<_llmrouter_v1_GenerationConfig, _llmrouter_v1_GenerationConfig__Output>
      Message: MessageTypeDefinition<_llmrouter_v1_Message, _llmrouter_v1_Message__Output>
      Role: EnumTypeDefinition
      ServedBy: MessageTypeDefinition<_llmrouter_v1_ServedBy, _llmrouter_v1_ServedBy__Output>
      Tool: MessageTypeDefinition<_llmrouter_v1_Tool, _llmrouter_v1_Tool__Output>
      ToolCall: MessageTypeDefinition<_llmrouter_v1_ToolCall, _llmrouter_v1_ToolCall__Output>
      ToolCallDelta: MessageTypeDefinition<_llmrouter_v1_ToolCallDelta, _llmrouter_v1_ToolCallDelta__Output>
      ToolChoice: MessageTypeDefinition<_llmrouter_v1_ToolChoice, _llmrouter_v1_ToolChoice__Output>
      ToolChoiceMode: EnumTypeDefinition
      Usage: MessageTypeDefinition<_llmrouter_v1_Usage, _llmrouter_v1_Usage__Output>
    }
  }
}

