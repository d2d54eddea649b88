#!/usr/bin/env python3
"""Checks PDFs against PDF/UA-1 and PDF/A-3b with the `page` validator (PyPI page-validation).

    scripts/check-pdf-profiles.py FILE.pdf [FILE.pdf …] [--profile ua1 --profile 3b] [--details]

Prints one line per file and profile (failed rules / total), the failed rules with
--details, and exits 1 when any file fails any profile.
"""
import argparse
import os
import sys

# scripts/install-deps.sh installs the checker into the project's .build/python.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "python"))
import page  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--profile", action="append", dest="profiles")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    profiles = args.profiles or ["ua1", "3b"]
    failed = False
    for path in args.files:
        for profile in profiles:
            report = page.validate_pdf(path, profile=profile)
            rules = report.rules
            print(f"{path}: {profile}: {'conformant' if report.is_compliant else 'NOT conformant'}, "
                  f"{rules.failed} failed rules / {rules.total}")
            if not report.is_compliant:
                failed = True
                if args.details:
                    seen = set()
                    for failure in report.failures:
                        key = (failure.rule_id, failure.message)
                        if key in seen:
                            continue
                        seen.add(key)
                        print(f"  [{failure.rule_id}] {failure.message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
