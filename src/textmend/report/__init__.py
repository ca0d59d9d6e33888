"""Rendering a `Repair` for people and tools. Nothing here decides a repair."""
