"""The link to the federation hub.

`schemas` is the v1 API contract (pydantic models; the hub serves exactly these shapes),
`packages` builds and opens course content packages. The HTTP client, the sync engine and
the credential store live beside them. Nothing here opens a connection or touches the
keyring at import time.
"""
