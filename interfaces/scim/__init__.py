"""SCIM 2.0 (RFC 7643, 7644) at Open WebUI's path, ``/api/v1/scim/v2/``: identity providers provision
people and groups here, each with its own bearer token."""
