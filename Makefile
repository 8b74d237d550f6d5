# Medvirk — developer tasks. `make` (or `make help`) lists them.
#
# Every target that needs PostgreSQL finds it with scripts/pg.sh: DATABASE_URL if set,
# else a server on 127.0.0.1:5432, else a private cluster under .data/pg.

BIN := bin/medvirk
GO ?= go
GOFMT ?= gofmt
PG := scripts/pg.sh
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# The race detector needs cgo; use it whenever cgo is available.
RACE = $(if $(filter 1,$(shell $(GO) env CGO_ENABLED 2>/dev/null)),-race,)

# Go files to check with gofmt (not dependencies or runtime data).
GOFILES_CMD = find . \( -path ./.git -o -path ./.data -o -path ./bin -o -name node_modules \) -prune -o -type f -name '*.go' -print

.DEFAULT_GOAL := help

.PHONY: help build run test lint unit e2e bench bench-ballots fmt db-stop clean FORCE

help: ## List the targets
	@echo "Usage: make TARGET"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-zA-Z0-9_-]+:.*## / { printf "  %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

build: $(BIN) ## Build the server binary (bin/medvirk)

# Always hand over to `go build`: its cache knows what changed, embedded files included.
$(BIN): FORCE
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) .

# A development BALLOT_KEY, made once and kept in .data/ballot.key (readable by
# its owner only), so that residents of the demo can change their ballots
# across restarts. Production sets BALLOT_KEY itself: see docs/configuration.md.
BALLOT_KEY_CMD = mkdir -p .data && { [ -s .data/ballot.key ] || (umask 077 && head -c 32 /dev/urandom | base64 > .data/ballot.key); } && cat .data/ballot.key

run: build ## Build, ensure a database, migrate, seed the demo and serve (PORT overrides 3000)
	@url=$$($(PG) url) && key=$${BALLOT_KEY:-$$($(BALLOT_KEY_CMD))} && \
	exec env DATABASE_URL="$$url" BALLOT_KEY="$$key" ./$(BIN) serve --migrate --demo

test: ## Lint, then run all Go tests against PostgreSQL
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory unit

lint: ## gofmt, go vet and staticcheck
	@files=$$($(GOFILES_CMD)) || exit 1; \
	if [ -n "$$files" ]; then \
		unformatted=$$($(GOFMT) -l $$files) || exit 1; \
		if [ -n "$$unformatted" ]; then \
			echo "These files are not gofmt-formatted (run 'make fmt'):" >&2; \
			echo "$$unformatted" >&2; \
			exit 1; \
		fi; \
	fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

unit: ## Run the Go tests (with -race when cgo is available)
	@url=$${MEDVIRK_TEST_DATABASE_URL:-$$($(PG) admin-url)} && \
	echo "MEDVIRK_TEST_DATABASE_URL=$$url $(GO) test $(RACE) -count=1 ./..." && \
	MEDVIRK_TEST_DATABASE_URL="$$url" $(GO) test $(RACE) -count=1 ./...

e2e: build ## Browser and accessibility tests against a fresh database
	@if [ ! -d e2e/node_modules ]; then \
		if [ -f e2e/package-lock.json ]; then npm --prefix e2e ci; else npm --prefix e2e install; fi; \
	fi
	@url=$$($(PG) fresh medvirk_e2e) && \
	DATABASE_URL="$$url" BALLOT_KEY="$$(head -c 32 /dev/urandom | base64)" MEDVIRK_BIN="$(CURDIR)/$(BIN)" npm --prefix e2e test

bench: ## Run the benchmarks
	@url=$${MEDVIRK_TEST_DATABASE_URL:-$$($(PG) admin-url)} && \
	MEDVIRK_TEST_DATABASE_URL="$$url" $(GO) test -run='^$$' -bench=. -benchmem ./...

bench-ballots: ## Ballot casting over HTTP against pgbench running the same SQL (about 90 s)
	@GO="$(GO)" scripts/bench-ballots.sh

fmt: ## Format all Go files with gofmt
	@files=$$($(GOFILES_CMD)) && if [ -n "$$files" ]; then $(GOFMT) -w $$files; fi

db-stop: ## Stop the private PostgreSQL cluster (.data/pg), if running
	@$(PG) stop

clean: ## Remove build output
	rm -rf bin

FORCE:
