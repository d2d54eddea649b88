#!/usr/bin/env bash
# Messages per second to a local SMTP server: builds the tool in release mode, then sends
# 100 generated fiches (about 250 kB each) to scripts/smtp-test-server.py on 127.0.0.1,
# through the real MIME builder, journal and libcurl transport.
#   scripts/bench-mail.sh [COUNT]          (needs python3-aiosmtpd: scripts/install-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100}"
scratch="${FICHE_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product fiche-bench >&2
"$scratch/release/fiche-bench" mail --count "$count"
