#!/usr/bin/env python3
"""Attacks `fiche serve`'s reload the way people update data: in-place copies (`cp new old`),
truncations during a reload, stalled copies (a writer holding the file open half-written),
with requests running all along.

Two versions of the demo year's export file are made (B: every export amount doubled); each
iteration writes the other version over the served file by one of the three ways, then checks
that the server, still alive, serves it within 20 s of the write's completion. Request
threads meanwhile check that every answer is one whole version: the départements' exports add
up to version A's or B's total, imports never change.

usage: scripts/attack-reload.py [--fiche .build/debug/fiche] [--iterations 40] [--deadline 20]
Exit status 0 when every check held; the figures are printed either way.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

EXPORT = "Region_2024_Export.txt"
IMPORT = "Region_2024_Import.txt"


def demo_folder(fiche):
    """The cached demo year (made by `fiche demo-data` if needed)."""
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fiche")
    if os.path.isdir(cache):
        for name in sorted(os.listdir(cache), reverse=True):
            folder = os.path.join(cache, name)
            if name.startswith("demo-") and os.path.exists(os.path.join(folder, ".complete")):
                return folder
    out = tempfile.mkdtemp(prefix="attack-demo-")
    subprocess.run([fiche, "demo-data", "-o", out], check=True, stdout=subprocess.DEVNULL)
    return out


def doubled(data):
    """The export file with every amount (field 9) doubled."""
    lines = []
    for line in data.split(b"\n"):
        if line.strip():
            fields = line.rstrip(b"\r").split(b";")
            fields[8] = str(int(fields[8]) * 2).encode()
            line = b";".join(fields) + (b"\r" if line.endswith(b"\r") else b"")
        lines.append(line)
    return b"\n".join(lines)


class Server:
    def __init__(self, fiche, data):
        self.log = open(os.path.join(data, "..", "serve.log"), "wb")
        self.process = subprocess.Popen([fiche, "serve", "--port", "0", "--data", data],
                                        stdout=subprocess.PIPE, stderr=self.log)
        line = self.process.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            raise SystemExit(f"the server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1].strip().strip("/"))

    def totals(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", "/api/departements.json")
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise OSError(f"status {response.status}")
            rows = json.loads(body)["departements"]
            return sum(r["exports_eur"] for r in rows), sum(r["imports_eur"] for r in rows)
        finally:
            connection.close()

    def alive(self):
        return self.process.poll() is None


def write_in_place(path, data, pieces=16, pause=0.0):
    """`cp new old`: the same file truncated, then written piece by piece."""
    with open(path, "r+b") as f:
        f.truncate(0)
        size = max(1, len(data) // pieces)
        for start in range(0, len(data), size):
            f.write(data[start:start + size])
            f.flush()
            if pause:
                time.sleep(pause)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fiche", default=os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "fiche"))
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--deadline", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=19)
    arguments = parser.parse_args()
    random.seed(arguments.seed)

    source = demo_folder(arguments.fiche)
    work = tempfile.mkdtemp(prefix="attack-reload-")
    data = os.path.join(work, "data")
    os.mkdir(data)
    with open(os.path.join(source, EXPORT), "rb") as f:
        versions = [f.read()]
    versions.append(doubled(versions[0]))
    shutil.copyfile(os.path.join(source, IMPORT), os.path.join(data, IMPORT))
    target = os.path.join(data, EXPORT)
    with open(target, "wb") as f:
        f.write(versions[0])

    server = Server(arguments.fiche, data)
    total_a, imports = server.totals()
    expected = {total_a: "A", total_a * 2: "B"}
    served, lock, stop = {"requests": 0, "errors": 0, "mixed": 0}, threading.Lock(), threading.Event()
    current = {"total": total_a}

    def ask():
        while not stop.is_set():
            try:
                exports_total, imports_total = server.totals()
                with lock:
                    served["requests"] += 1
                    if exports_total not in expected or imports_total != imports:
                        served["mixed"] += 1
                    current["total"] = exports_total
            except (OSError, ValueError, http.client.HTTPException):
                with lock:
                    served["errors"] += 1
                time.sleep(0.05)

    threads = [threading.Thread(target=ask, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()

    delays, late, modes = [], 0, {"in-place copy": 0, "truncation during reload": 0, "stalled copy": 0}
    stalled_served = 0
    for iteration in range(arguments.iterations):
        if not server.alive():
            break
        new = versions[(iteration + 1) % 2]
        old_total = total_a * (1 + iteration % 2)
        mode = list(modes)[iteration % 3]
        modes[mode] += 1
        if mode == "in-place copy":
            write_in_place(target, new, pause=0.005)
        elif mode == "truncation during reload":
            write_in_place(target, new)
            time.sleep(random.uniform(0.0, 1.5))  # the server scans each second, then reads
            with open(target, "r+b") as f:
                f.truncate(random.randrange(1, int(len(new) * 0.9)))
            time.sleep(random.uniform(0.0, 1.0))
            write_in_place(target, new)
        else:
            cut = random.randrange(len(new) // 4, len(new) * 3 // 4)
            with open(target, "r+b") as f:
                f.truncate(0)
                f.write(new[:cut])
                f.flush()
                time.sleep(3.0)  # several scans while the writer holds it open
                with lock:
                    if current["total"] != old_total:
                        stalled_served += 1
                f.write(new[cut:])
        completed = time.monotonic()
        wanted = total_a * (2 if new is versions[1] else 1)
        while time.monotonic() - completed < arguments.deadline + 10:
            with lock:
                if current["total"] == wanted:
                    break
            time.sleep(0.05)
        delay = time.monotonic() - completed
        delays.append(delay)
        if delay > arguments.deadline:
            late += 1
        print(f"{iteration + 1:3d} {mode:25s} version {expected[wanted]} served after {delay:5.2f} s", flush=True)

    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    alive = server.alive()
    server.process.terminate()
    status = server.process.wait(timeout=30)

    print()
    print(f"iterations: {len(delays)} ({', '.join(f'{n} {m}' for m, n in modes.items())})")
    print(f"server alive throughout: {alive}; exit status on SIGTERM: {status}")
    print(f"requests answered: {served['requests']}, failed: {served['errors']}, "
          f"not one whole version: {served['mixed']}")
    print(f"half-written file served during a stalled copy: {stalled_served}")
    if delays:
        print(f"new version served after: median {statistics.median(delays):.2f} s, max {max(delays):.2f} s; "
              f"later than {arguments.deadline:.0f} s: {late}")
    print(f"server log: {os.path.join(work, 'serve.log')}")
    ok = alive and status == 0 and served["mixed"] == 0 and served["errors"] == 0 and late == 0 \
        and stalled_served == 0 and len(delays) == arguments.iterations
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
