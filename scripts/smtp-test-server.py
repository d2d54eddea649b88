#!/usr/bin/env python3
"""A real SMTP server for the mailing tests and benchmark, on loopback only (aiosmtpd).

Listens on 127.0.0.1 (never any other address), on --port or a free port, and prints
"READY <port>" on stdout once it accepts connections. Each accepted message is stored in
--store as NNNNN.eml (the bytes received) and NNNNN.json (envelope: mail_from, rcpt_tos).

Failure modes for tests:
  --temp-fail N      answer the first N end-of-data with "451 4.3.0" (the message is not stored)
  --reject ADDRESS   answer RCPT TO:<ADDRESS> with "550 5.1.1" (repeatable)
  --drop-after N     after N stored messages, close the connection at the next MAIL FROM
                     without answering, and exit (connections are refused from then on)
  --drop-after-data N  store message N+1, then close the connection before answering the
                     end of data, and exit: the client cannot know the message arrived
  --auth USER:PASS   require AUTH PLAIN/LOGIN with these credentials (allowed without TLS)
  --tls-cert/--tls-key  offer STARTTLS with this certificate, and require it

Stops on end of standard input (so it never outlives the test that started it), on SIGTERM,
or after --lifetime seconds.

Debian: python3-aiosmtpd (see scripts/install-deps.sh).
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, args, stop):
        self.store = args.store
        self.temp_fail = args.temp_fail
        self.reject = {a.lower() for a in args.reject}
        self.drop_after = args.drop_after
        self.drop_after_data = args.drop_after_data
        self.stop = stop
        self.count = 0
        os.makedirs(self.store, exist_ok=True)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_after is not None and self.count >= self.drop_after:
            # Simulate a server crash: no answer, connection closed, process gone.
            server.transport.close()
            self.stop()
            return "421 4.3.2 Shutting down"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: user unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.temp_fail > 0:
            self.temp_fail -= 1
            return "451 4.3.0 Temporary failure, please try again later"
        self.count += 1
        name = f"{self.count:05d}"
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        self._write(name + ".eml", content)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
        self._write(name + ".json", json.dumps(meta).encode("utf-8"))
        if self.drop_after_data is not None and self.count > self.drop_after_data:
            server.transport.close()
            self.stop()
            return "421 4.3.2 Shutting down"
        return f"250 2.0.0 OK queued as {name}"

    def _write(self, name, data):
        tmp = os.path.join(self.store, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(self.store, name))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--temp-fail", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--drop-after", type=int, default=None)
    parser.add_argument("--drop-after-data", type=int, default=None)
    parser.add_argument("--auth", default=None)
    parser.add_argument("--tls-cert", default=None)
    parser.add_argument("--tls-key", default=None)
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stopped = asyncio.Event()

    def stop():
        loop.call_soon_threadsafe(stopped.set)

    handler = Handler(args, stop)
    kwargs = {"hostname": "localhost", "timeout": 60, "data_size_limit": 64 * 1024 * 1024}
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=not not args.tls_cert)
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        kwargs.update(tls_context=context, require_starttls=True)

    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, **kwargs), host="127.0.0.1", port=args.port)
    )
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(1024):
                pass
        except Exception:
            pass
        stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)

    async def run():
        try:
            await asyncio.wait_for(stopped.wait(), timeout=args.lifetime)
        except asyncio.TimeoutError:
            pass
        server.close()

    loop.run_until_complete(run())
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
