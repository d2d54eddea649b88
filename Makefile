# Entry points of the project. Every target installs the Debian packages it needs first.
SWIFT ?= swift
FICHE_RELEASE = .build/release/fiche

.PHONY: deps build release demo test bench clean

## deps: install the missing Debian packages (apt-get, only when something is missing)
deps:
	@bash scripts/install-deps.sh

## build: debug build of everything
build: deps
	$(SWIFT) build

## release: optimised build of the `fiche` tool
release: deps
	$(SWIFT) build -c release --product fiche

## demo: render the Val-d'Oise demo fiche into output/
demo: release
	$(FICHE_RELEASE) render 95

## test: run every test (temporary files, SwiftPM's own included, go to .build/tmp)
test: deps
	mkdir -p .build/tmp
	TMPDIR=$(CURDIR)/.build/tmp $(SWIFT) test

## bench: performance figures (release build)
bench: release
	$(FICHE_RELEASE) bench data
	$(FICHE_RELEASE) bench charts
	$(FICHE_RELEASE) bench render
	$(FICHE_RELEASE) bench bulk
	$(FICHE_RELEASE) bench mail

clean:
	rm -rf .build output/*
