# Entry points of the project. Every target installs the Debian packages it needs first.
SWIFT ?= swift
FICHE_RELEASE = .build/release/fiche
FICHE_DEBUG = .build/debug/fiche
FICHE_BENCH = .build/release/fiche-bench
# Release builds carry the Swift runtime and Foundation inside the executable: a process
# starts in half the time (10 ms instead of 20: fewer shared libraries to load and bind),
# which `fiche inspect` and each `fiche` run by a script feel; and the tool runs where no
# Swift toolchain is installed.
RELEASE = -c release --static-swift-stdlib

.PHONY: help deps build release demo test check-structure fuzz kill-test bench clean

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## //'

## deps: install the missing Debian packages (apt-get, only when something is missing)
deps:
	@bash scripts/install-deps.sh

## build: debug build of everything
build: deps
	$(SWIFT) build

## release: optimised build of the `fiche` tool
release: deps
	$(SWIFT) build $(RELEASE) --product fiche

## demo: render the Val-d'Oise demo fiche into output/ (debug build, shared with `make test`)
demo: deps
	$(SWIFT) build --product fiche
	$(FICHE_DEBUG) render 95

## test: run every test (temporary files, SwiftPM's own included, go to .build/tmp), then check the code's shape and the fonts' composition rules
test: deps
	mkdir -p .build/tmp
	TMPDIR=$(CURDIR)/.build/tmp $(SWIFT) test
	python3 scripts/check-structure.py --report
	python3 scripts/check-font-composition.py

## check-structure: file and function lengths, declared imports, `package` declarations (scripts/check-structure.py)
check-structure:
	python3 scripts/check-structure.py --report

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

## bench: performance figures, printed by `fiche-bench` (release builds of both tools)
bench: release
	$(SWIFT) build $(RELEASE) --product fiche-bench
	$(FICHE_BENCH) data
	$(FICHE_BENCH) charts
	$(FICHE_BENCH) render
	$(FICHE_BENCH) bulk
	$(FICHE_BENCH) years
	$(FICHE_BENCH) mail
	$(FICHE_BENCH) serve
	$(FICHE_BENCH) yardsticks

## clean: remove the build and the rendered fiches
clean:
	rm -rf .build output/*
