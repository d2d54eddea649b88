#!/usr/bin/env python3
"""Checks the shape of the code that a reviewer would otherwise check by hand:

- no Swift file in Sources/ over 400 lines;
- no function, initialiser or closure-bodied property in Sources/ over 80 lines (the
  exceptions are listed below, each with its reason);
- every module a target imports is declared in Package.swift, and every declared dependency
  is imported (test targets may also depend on an executable they run);
- at most MAX_PACKAGE_DECLARATIONS `package` declarations in Sources/ (`package` is for what
  another module uses; the rest is internal, tested through `@testable import`).

Run by `make test` after the Swift tests; exits 1 and says what is wrong, 0 otherwise.
Usage: scripts/check-structure.py [--report]   (--report also prints the figures)
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
# `package` is for what another module uses; everything else is internal (tests reach it
# through `@testable import`).
# 700 until région fiches (issue 20): their report (RegionSubject), the manifest's kinds and
# keys, the recipients' territory reader and the région routes are used across modules; 730
# until the year-over-year figures (issue 21): the evolution model (TradeData, read by Fiche and
# the server) and the years chart (Charts, painted by Fiche). Each raise followed a narrowing
# pass (every new declaration made internal unless another module fails to build without it).
# 792 with the web page's CSV per chart (WebChart.csvFile, read by the server) and each
# département's evolution on a région fiche (PreviousYearFigures.departements, read by Fiche).
MAX_PACKAGE_DECLARATIONS = 792

# Functions allowed to be longer, and why.
LONG_FUNCTION_EXCEPTIONS = {
    # The parser's hot loop over every byte of the year, kept in one body so that its state can
    # live in registers and nothing is called per field (see the comment on the function).
    ("Sources/TradeData/TradeFileParser.swift", "parseLines"),
}

# Modules that come with the toolchain or the system, never declared in Package.swift.
SYSTEM_MODULES = {
    "Foundation", "FoundationEssentials", "Glibc", "Dispatch", "Synchronization", "Testing", "XCTest",
    "PackageDescription", "Darwin", "os", "_Concurrency", "FoundationNetworking",
}

DECLARATION = re.compile(
    r"^(?P<indent>\s*)(?:@[\w()., :\"]+\s+)*(?:(?:package|public|private|fileprivate|internal|static|class|final|"
    r"override|mutating|nonisolated|convenience|required|@discardableResult|@inlinable|@usableFromInline)(?:\(set\))?\s+)*"
    r"(?P<kind>func|init|deinit|subscript)\b(?P<rest>.*)$"
)


def swift_files(folder):
    for directory, _, names in os.walk(os.path.join(ROOT, folder)):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def relative(path):
    return os.path.relpath(path, ROOT)


def long_functions(path, lines):
    """(name, first line, length) of every function whose body spans more than the limit."""
    found = []
    for index, line in enumerate(lines):
        match = DECLARATION.match(line)
        if not match or line.strip().startswith("//"):
            continue
        indent = match.group("indent")
        name_match = re.match(r"\s*([\w`]+|\(|<)", match.group("rest"))
        name = match.group("kind") if match.group("kind") != "func" else (name_match.group(1) if name_match else "?")
        # The body ends at the first later line that closes a brace at the declaration's indentation.
        # A declaration without a body (a protocol requirement) ends before any such line.
        if line.count("{") > 0 and line.count("{") == line.count("}"):
            continue  # a one-line body
        opened = "{" in line
        end = None
        for later in range(index + 1, len(lines)):
            text = lines[later]
            if not opened and "{" in text:
                opened = True
            if not opened and (DECLARATION.match(text) or text.strip() == "}"):
                break
            if text.startswith(indent + "}") and not text.startswith(indent + " "):
                end = later
                break
        if opened and end is not None and end - index + 1 > MAX_FUNCTION_LINES:
            found.append((name, index + 1, end - index + 1))
    return found


def package_declarations(lines):
    count = 0
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if re.match(r"^(?:@[\w()., :\"]+\s+)*package(?:\(set\))?\s+(?!\()", stripped) or re.search(
            r"\b(?:private|fileprivate)\(set\)\s+package\s", stripped
        ):
            count += 1
    return count


def imports_of(paths):
    modules = set()
    for path in paths:
        in_string = False
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                # Lines inside a multi-line string literal (a Python script a test runs) are text.
                if line.count('"""') % 2 == 1:
                    in_string = not in_string
                    continue
                if in_string:
                    continue
                match = re.match(r"^(?:@testable\s+|@preconcurrency\s+|@_exported\s+)?import\s+(?:struct\s+|enum\s+|class\s+|func\s+)?(\w+)", line)
                if match:
                    modules.add(match.group(1))
    return modules - SYSTEM_MODULES


def check_dependencies(problems):
    description = json.loads(subprocess.run(
        ["swift", "package", "describe", "--type", "json"], cwd=ROOT, check=True,
        capture_output=True, text=True).stdout)
    targets = {t["name"]: t for t in description["targets"]}
    for name, target in sorted(targets.items()):
        if target["type"] == "system-target":
            continue
        declared = set(target.get("target_dependencies", [])) | set(target.get("product_dependencies", []))
        files = [os.path.join(ROOT, target["path"], source) for source in target.get("sources", [])]
        imported = imports_of(files)
        for module in sorted(imported - declared - {name}):
            problems.append(f"{name} imports {module} without declaring it in Package.swift")
        for module in sorted(declared - imported):
            # A test target may depend on an executable only to have it built before it runs.
            if target["type"] == "test" and targets.get(module, {}).get("type") == "executable":
                continue
            problems.append(f"{name} declares {module} in Package.swift but never imports it")


def main():
    report = "--report" in sys.argv
    problems = []
    total_package = 0
    longest_file = (0, "")
    longest_function = (0, "")
    for path in swift_files("Sources"):
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        rel = relative(path)
        if len(lines) > longest_file[0]:
            longest_file = (len(lines), rel)
        if len(lines) > MAX_FILE_LINES:
            problems.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES})")
        for name, line, length in long_functions(path, lines):
            if length > longest_function[0] and (rel, name) not in LONG_FUNCTION_EXCEPTIONS:
                longest_function = (length, f"{rel}:{line} {name}")
            if (rel, name) not in LONG_FUNCTION_EXCEPTIONS:
                problems.append(f"{rel}:{line}: {name} is {length} lines (at most {MAX_FUNCTION_LINES})")
        total_package += package_declarations(lines)
    if total_package > MAX_PACKAGE_DECLARATIONS:
        problems.append(f"{total_package} `package` declarations in Sources/ (at most {MAX_PACKAGE_DECLARATIONS}): "
                        "make internal what no other module uses")
    check_dependencies(problems)
    if report:
        print(f"longest file: {longest_file[0]} lines ({longest_file[1]})")
        print(f"longest function over {MAX_FUNCTION_LINES} lines outside the exceptions: "
              + (f"{longest_function[0]} ({longest_function[1]})" if longest_function[0] else "none"))
        print(f"`package` declarations: {total_package}")
    for problem in problems:
        print("check-structure: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
