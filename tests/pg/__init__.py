"""PostgreSQL test tooling: the throwaway server, kill_backend and the CI guard (tests/pg_server.py)."""
