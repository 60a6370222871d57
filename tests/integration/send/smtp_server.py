"""A real SMTP server for tierbook's `send` tests (aiosmtpd, loopback only).

Listens on 127.0.0.1 at a port the system picks, prints `PORT <n>` once it
accepts connections, and saves every message it accepts as
`<dir>/<n>.eml` with its envelope in `<dir>/<n>.envelope`. It stops when its
standard input closes (the test ended) or after --lifetime seconds.

Options that make it misbehave the way real servers do:
  --user U --password P   require AUTH (PLAIN or LOGIN) with these credentials
  --stop-after N          exit right after accepting the N-th message
  --reject ADDRESS        refuse that recipient (550) at RCPT TO
  --tls-cert PEM           speak TLS from the first byte (smtps), with this
                          certificate and key
  --drop-message N        hang up on the N-th message after its data, without
                          an answer (and without keeping it)
"""

import argparse
import asyncio
import os
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--stop-after", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--drop-message", type=int, default=0)
    p.add_argument("--tls-cert")
    p.add_argument("--lifetime", type=float, default=120.0)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    rejected = {a.lower() for a in args.reject}
    state = {"count": 0, "seen": 0, "server": None}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower() in rejected:
                return "550 5.1.1 no such mailbox here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            state["seen"] += 1
            if state["seen"] == args.drop_message:
                server.transport.close()
                return "421 closing"
            state["count"] += 1
            n = state["count"]
            # The envelope as `key: value` lines, written before the message
            # file so that a test seeing `<n>.eml` sees its envelope too.
            lines = [f"from: {envelope.mail_from}"] + [f"to: {r}" for r in envelope.rcpt_tos]
            if isinstance(session.auth_data, str):
                lines.append(f"login: {session.auth_data}")
            with open(os.path.join(args.dir, f"{n}.envelope"), "w") as f:
                f.write("\n".join(lines) + "\n")
            with open(os.path.join(args.dir, f"{n}.eml"), "wb") as f:
                f.write(envelope.original_content)
            if args.stop_after and n >= args.stop_after:
                # Take no new connection from now on, answer this message,
                # then go away as a server that stopped would.
                state["server"].close()
                asyncio.get_running_loop().call_later(0.5, os._exit, 0)
            return "250 Message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        # handled=False: aiosmtpd answers 535 itself when the check fails.
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

    def factory():
        if args.password is not None:
            return SMTP(Handler(), authenticator=authenticator, auth_required=True,
                        auth_require_tls=False, decode_data=False)
        return SMTP(Handler(), decode_data=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    tls = None
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert)
    server = loop.run_until_complete(loop.create_server(factory, host="127.0.0.1", port=0, ssl=tls))
    state["server"] = server
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)

    def watch_stdin():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.call_later(args.lifetime, loop.stop)
    loop.run_forever()


if __name__ == "__main__":
    main()
