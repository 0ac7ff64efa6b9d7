"""Every route of the web app, read from the app itself, so that a new route cannot be
left out of the security tests: each as a method and a concrete path, with the query
parameters it reads."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dossier.web import create_app

# A value for each path parameter, naming a record of the hostile test store.
PATH_VALUES = {
    "event_id": "web-hostile:e1",
    "actor": "group:script-alert-actor-script",
    "doc_id": "web-hostile",
    "job_id": "no-such-job",
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str  # the route's path, with {parameters}
    path: str  # with PATH_VALUES filled in
    query: tuple[str, ...]  # names of the query parameters

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)(?::\w+)?}", self.template))

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def query_params(dependant: Dependant) -> list[str]:
    """The query parameters a route reads, its dependencies' included."""
    names = [param.alias for param in dependant.query_params]
    for sub in dependant.dependencies:
        names.extend(query_params(sub))
    return names


def endpoints() -> list[Endpoint]:
    """Every method and path the app answers, mounts included (one real file each)."""
    with tempfile.TemporaryDirectory(prefix="dossier-routes-") as folder:
        app = create_app(Path(folder) / "routes.sqlite")
        app.state.dossier.close()
    found: list[Endpoint] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        template = context.path
        assert template is not None, route
        if isinstance(route, Mount):
            assert isinstance(route.app, StaticFiles), template
            served = Path(str(route.app.directory))
            first = min(p for p in served.rglob("*") if p.is_file())
            path = f"{template}/{first.relative_to(served).as_posix()}"
            found.append(Endpoint("GET", template + "/{path}", path, ()))
            continue
        assert isinstance(route, Route), route
        query: tuple[str, ...] = ()
        if isinstance(route, APIRoute):
            query = tuple(dict.fromkeys(query_params(route.dependant)))
        path = template
        for name in re.findall(r"{(\w+)}", template):
            path = path.replace("{" + name + "}", PATH_VALUES[name])
        for method in sorted((context.methods or {"GET"}) - {"HEAD"}):
            found.append(Endpoint(method, template, path, query))
    return found
