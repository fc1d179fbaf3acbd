"""What runs around the stages: up-to-date state, the cache, output staging, processes."""
