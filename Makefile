# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test setup setup-test lint lock

# Ingest the bundled demo corpus into ./dossier.sqlite (again: nothing changes), then show it.
demo: setup
	.venv/bin/dossier ingest src/dossier/demo
	.venv/bin/dossier timeline
	.venv/bin/dossier actors --limit 10

test: setup-test lint
	scripts/audit
	.venv/bin/pytest

setup:
	scripts/setup

setup-test:
	scripts/setup test

lint:
	.venv/bin/ruff check src tests benchmarks fuzz
	.venv/bin/mypy

# Re-pin every dependency (needs pip-tools in .venv); commit the two lock files.
lock:
	.venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		-o requirements/base.txt pyproject.toml
	.venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--extra test -o requirements/test.txt pyproject.toml
