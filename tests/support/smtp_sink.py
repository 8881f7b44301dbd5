#!/usr/bin/python3
"""The tests' SMTP sink: a real aiosmtpd server on 127.0.0.1 that keeps what it is sent.

Run by tests/support/smtp_sink.cc as
    /usr/bin/python3 smtp_sink.py --dir DIR [--reject-rcpt ADDR]... [--tempfail-rcpt ADDR]...
                                  [--auth USER:PASS]
It listens on a port the kernel picks (port 0, so no race with other tests), prints
"PORT <n>" on stdout once it accepts connections, and stores the n-th accepted message
(counting from 1) as DIR/<n>.eml (the DATA as received, dot-stuffing undone) beside
DIR/<n>.json ({"mail_from", "rcpt_tos", "auth_login", "helo"}); the .json is written
first and the .eml renamed into place last, so a visible .eml is complete. Each connection
appends a line to DIR/connections.log. A recipient given to --reject-rcpt is refused with
550 5.1.1, one given to --tempfail-rcpt with 451 4.3.0. With --auth, AUTH PLAIN/LOGIN is
offered without TLS (loopback only) and required before MAIL. Exits on SIGTERM, SIGINT or
when stdin closes.

Uses aiosmtpd's SMTP protocol on an asyncio server of its own rather than
aiosmtpd.controller.Controller: the Controller cannot listen on port 0 (it connects to its
own port to start up), and a port picked beforehand could be taken by the time it binds.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, folder, reject, tempfail):
        self.folder = folder
        self.reject = {address.lower() for address in reject}
        self.tempfail = {address.lower() for address in tempfail}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        if address.lower() in self.tempfail:
            return "451 4.3.0 temporarily unavailable, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        login = session.auth_data.login.decode() if isinstance(
            session.auth_data, LoginPassword) else None
        with open(base + ".json", "w", encoding="utf-8") as out:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "auth_login": login, "helo": session.host_name}, out)
        with open(base + ".eml.part", "wb") as out:
            out.write(envelope.original_content)
        os.rename(base + ".eml.part", base + ".eml")
        return "250 2.0.0 OK queued as %d" % self.count


class CountingSMTP(SMTP):
    """SMTP that logs each connection, so a test can tell that none was made."""

    def __init__(self, folder, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._folder = folder

    def connection_made(self, transport):
        if self.transport is None:  # not the STARTTLS upgrade of a connection already counted
            with open(os.path.join(self._folder, "connections.log"), "a") as out:
                out.write("connection\n")
        super().connection_made(transport)


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        if not ok:  # handled=False: aiosmtpd itself answers 535
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=auth_data)
    return authenticate


def main():
    # Plain AUTH is what --auth is for; aiosmtpd's warnings about it would only bury a real
    # problem in the stderr a failing test shows.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="where to store the messages")
    parser.add_argument("--reject-rcpt", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--tempfail-rcpt", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--auth", metavar="USER:PASS")
    args = parser.parse_args()

    handler = Handler(args.dir, args.reject_rcpt, args.tempfail_rcpt)
    options = {"hostname": "sink.test", "enable_SMTPUTF8": False, "decode_data": False}
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(authenticator=make_authenticator(user, password), auth_required=True,
                       auth_require_tls=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return CountingSMTP(args.dir, handler, loop=loop, **options)

    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]

    stop = loop.create_future()

    def finish(*_):
        if not stop.done():
            stop.set_result(None)

    loop.add_signal_handler(signal.SIGTERM, finish)
    loop.add_signal_handler(signal.SIGINT, finish)

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.remove_reader(sys.stdin.fileno())
            finish()

    loop.add_reader(sys.stdin.fileno(), on_stdin)

    print("PORT %d" % port, flush=True)
    loop.run_until_complete(stop)
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()


if __name__ == "__main__":
    main()
