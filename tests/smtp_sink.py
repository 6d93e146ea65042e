#!/usr/bin/env python3
"""A real SMTP server for loket's mail tests (aiosmtpd), on 127.0.0.1.

Usage: smtp_sink.py DIR [--delay SECONDS] [--auth USER:PASSWORD]
                      [--starttls CERT KEY | --tls CERT KEY]

Binds a free port and writes it to DIR/port. Each message it takes is saved
as DIR/NNNNNN.eml (written whole, then renamed into place) with its envelope
recipients in DIR/NNNNNN.rcpt, one per line. The reply to DATA names the
file: "250 2.0.0 Ok: queued as NNNNNN".

DIR/rules, read at every RCPT TO, makes it refuse some recipients: lines
"451 eva@example.nl" (try again later) or "550 eva@example.nl" (never).
--delay waits that long before answering DATA, like a slow relay.
--auth makes it require AUTH (PLAIN or LOGIN) with that user and password
before MAIL FROM; it allows AUTH without TLS, as it listens on 127.0.0.1
only. --starttls requires STARTTLS before MAIL FROM; --tls speaks TLS from
the first byte (implicit TLS, like port 465); both with that certificate
and key (PEM). Every login attempt is appended to DIR/auth.log as "ok USER" or
"refused USER".
"""

import asyncio
import itertools
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory, delay):
        self.directory = directory
        self.delay = delay
        self.counter = itertools.count(1)

    def rules(self):
        try:
            with open(os.path.join(self.directory, "rules")) as f:
                lines = [l.split() for l in f if l.strip()]
        except FileNotFoundError:
            return {}
        return {addr.lower(): code for code, addr in lines}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rules().get(address.lower())
        if code == "451":
            return "451 4.3.0 Mailbox busy, try again later"
        if code == "550":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        n = next(self.counter)
        name = "%06d" % n
        base = os.path.join(self.directory, name)
        with open(base + ".rcpt.tmp", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as " + name


def authenticator_for(directory, user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        who = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?"
        with open(os.path.join(directory, "auth.log"), "a") as f:
            f.write(("ok " if ok else "refused ") + who + "\n")
        return AuthResult(success=ok)

    return authenticate


async def main():
    directory = sys.argv[1]
    delay = float(sys.argv[sys.argv.index("--delay") + 1]) if "--delay" in sys.argv else 0.0
    options = {}
    if "--auth" in sys.argv:
        user, password = sys.argv[sys.argv.index("--auth") + 1].split(":", 1)
        options = dict(
            auth_required=True,
            auth_require_tls=False,
            authenticator=authenticator_for(directory, user, password),
        )
    implicit = None
    for flag in ("--starttls", "--tls"):
        if flag in sys.argv:
            at = sys.argv.index(flag)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(sys.argv[at + 1], sys.argv[at + 2])
            if flag == "--starttls":
                options.update(tls_context=context, require_starttls=True)
            else:
                implicit = context
    sink = Sink(directory, delay)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", decode_data=False, **options),
        host="127.0.0.1",
        port=0,
        ssl=implicit,
    )
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(directory, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(directory, "port.tmp"), os.path.join(directory, "port"))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
