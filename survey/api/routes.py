"""JSON endpoints under /api/v1."""
