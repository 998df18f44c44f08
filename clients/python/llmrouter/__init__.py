"""llmrouter Python client: generated stubs in `llmrouter.v1`, a small async client in
`llmrouter.client`, its errors in `llmrouter.errors`."""
