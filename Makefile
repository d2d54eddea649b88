# Entry points of the project. Every target installs the Debian packages it needs first.
SWIFT ?= swift
FICHE_RELEASE = .build/release/fiche
FICHE_DEBUG = .build/debug/fiche

.PHONY: deps build release demo test fuzz kill-test bench clean

## deps: install the missing Debian packages (apt-get, only when something is missing)
deps:
	@bash scripts/install-deps.sh

## build: debug build of everything
build: deps
	$(SWIFT) build

## release: optimised build of the `fiche` tool
release: deps
	$(SWIFT) build -c release --product fiche

## demo: render the Val-d'Oise demo fiche into output/ (a debug build: it compiles in half the
## time of a release build, shares its build with `make test`, and renders one fiche in 2 s;
## use `make release` for bulk runs)
demo: deps
	$(SWIFT) build --product fiche
	$(FICHE_DEBUG) render 95

## test: run every test (temporary files, SwiftPM's own included, go to .build/tmp)
test: deps
	mkdir -p .build/tmp
	TMPDIR=$(CURDIR)/.build/tmp $(SWIFT) test

## fuzz: a long fixed-seed fuzz run of the reader and aggregation (outside CI); prints how many inputs survived
FUZZ_ITERATIONS ?= 100000
fuzz: deps
	$(SWIFT) build --build-tests
	FICHE_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) $(SWIFT) test --skip-build --filter FuzzTests

## kill-test: `fiche bulk` killed with SIGKILL 20 times, after 0, 1, 2… fiches, each followed by a re-run
KILL_ROUNDS ?= 20
kill-test: deps
	$(SWIFT) build --build-tests
	FICHE_KILL_ROUNDS=$(KILL_ROUNDS) $(SWIFT) test --skip-build --filter BulkKillTests

## bench: performance figures (release build)
bench: release
	$(FICHE_RELEASE) bench data
	$(FICHE_RELEASE) bench charts
	$(FICHE_RELEASE) bench render
	$(FICHE_RELEASE) bench bulk
	$(FICHE_RELEASE) bench mail
	$(FICHE_RELEASE) bench serve

clean:
	rm -rf .build output/*
