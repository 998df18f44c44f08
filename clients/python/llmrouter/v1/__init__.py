"""Generated protobuf and gRPC stubs of llmrouter.v1 (scripts/generate.sh; do not edit)."""
