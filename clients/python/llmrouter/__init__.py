"""llmrouter Python client: generated stubs in `llmrouter.v1`, a small helper in `llmrouter.client`."""
