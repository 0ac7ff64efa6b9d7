"""The web UI: a FastAPI application over the knowledge base (``dossier serve``).

``create_app(db_path, token=None)`` builds it: a JSON API under ``/api`` (documented
by the OpenAPI schema at ``/openapi.json``) and server-rendered pages whose templates
escape every value. Interactive views (timeline, network, map, upload) are small
plain-JS files under ``static/`` that read the API; nothing is loaded from the network.
"""

from dossier.web.app import create_app

__all__ = ["create_app"]
