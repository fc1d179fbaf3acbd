"""What runs around the stages: the request and its log, up-to-date state, the cache, output staging, processes."""
