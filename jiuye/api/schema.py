"""OpenAPI extensions that must be imported before the schema is generated (loaded from jiuye.api.urls)."""

from . import authentication  # noqa: F401  (registers the session-auth scheme extension)
