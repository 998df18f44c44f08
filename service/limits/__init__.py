"""Limiter implementations beside core's in-process one: Redis, shared by every replica."""
