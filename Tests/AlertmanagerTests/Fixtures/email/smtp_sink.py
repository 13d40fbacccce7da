"""An SMTP sink for the e-mail notifier tests, built on aiosmtpd.

Usage: smtp_sink.py PORT OUTPUT_DIR [--tls CERT KEY] [--user NAME PASSWORD] [--only MECHANISM]

Every accepted message is written to OUTPUT_DIR/message-N.json with its
envelope, the raw data, the decoded headers and parts, whether the session
was encrypted and which AUTH mechanism it used. Prints READY once listening.
"""

import email
import email.policy
import json
import os
import signal
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

# The LOGIN prompts most servers send, and the only ones Alertmanager answers.
SMTP.AuthLoginUsernameChallenge = "Username:"
SMTP.AuthLoginPasswordChallenge = "Password:"

args = sys.argv[1:]
port, out = int(args[0]), args[1]
options = {}
i = 2
while i < len(args):
    if args[i] == "--tls":
        options["tls"] = (args[i + 1], args[i + 2])
        i += 3
    elif args[i] == "--user":
        options["user"] = (args[i + 1], args[i + 2])
        i += 3
    elif args[i] == "--only":
        options["only"] = args[i + 1]
        i += 2
    else:
        raise SystemExit("unknown option " + args[i])

mechanisms = {}


def authenticate(server, session, envelope, mechanism, auth_data):
    user, password = options["user"]
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    if ok:
        mechanisms[id(session)] = mechanism
    # handled=False: aiosmtpd then answers a failure with 535 itself.
    return AuthResult(success=ok, handled=False)


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = [
            {"type": part.get_content_type(), "body": part.get_content()}
            for part in message.iter_parts()
        ] if message.is_multipart() else []
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "raw": envelope.content.decode("utf-8", "replace"),
            "headers": {name: str(value) for name, value in message.items()},
            "parts": parts,
            "tls": session.ssl is not None,
            "auth": mechanisms.get(id(session)),
        }
        path = os.path.join(out, "message-%d.json" % Sink.count)
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


kwargs = {"hostname": "127.0.0.1", "port": port}
if "tls" in options:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*options["tls"])
    kwargs["tls_context"] = context
    kwargs["require_starttls"] = True
if "user" in options:
    kwargs["authenticator"] = authenticate
    kwargs["auth_require_tls"] = False
    if "only" in options:
        kwargs["auth_exclude_mechanism"] = [m for m in ("LOGIN", "PLAIN") if m != options["only"]]

controller = Controller(Sink(), **kwargs)
controller.start()
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("READY", flush=True)
try:
    while True:
        time.sleep(1)
finally:
    controller.stop()
