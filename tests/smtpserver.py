"""A small SMTP server for tests, in a thread of the test process: it answers as a real server
would (refusing chosen recipients for good or for now, dropping the connection at the end of a
message to chosen recipients, or holding its answer to a message), and
keeps every message it received. Workers reach it through EMAIL_HOST and EMAIL_PORT."""

from __future__ import annotations

import email
import socket
import socketserver
import threading
from dataclasses import dataclass

PORTS = range(8130, 8140)  # this worktree's ports (PROTOCOL.md: 8100 + 10 * 3)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes
    answered: bool = False  # the server's 250 reached the client

    @property
    def message_id(self) -> str:
        return email.message_from_bytes(self.data)["Message-ID"]

    @property
    def subject(self) -> str:
        return str(email.message_from_bytes(self.data)["Subject"])


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        smtp: FakeSMTPServer = self.server.fake  # type: ignore[attr-defined]
        sender, recipients = "", []
        self.reply("220 fake.example ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.example")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self.reply("250 2.1.0 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip(" <>")
                if address in smtp.refuse:
                    self.reply("550 5.1.1 No such user here")
                elif address in smtp.refuse_for_now:
                    self.reply("450 4.2.1 Mailbox busy, try later")
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                received = Received(sender, recipients, b"".join(lines))
                with smtp.lock:
                    smtp.messages.append(received)
                smtp.data_received.set()
                if smtp.drop & set(recipients):
                    return  # hangs up instead of answering, as a filter that chokes on a message can
                if smtp.hold:
                    smtp.released.wait(60)
                try:
                    self.reply("250 2.0.0 Queued")
                    received.answered = True
                except OSError:  # the client is gone
                    return
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply("250 2.0.0 OK")
            elif verb == "NOOP":
                self.reply("250 2.0.0 OK")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognised")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeSMTPServer:
    def __init__(self, *, refuse=(), refuse_for_now=(), drop=(), hold=False):
        self.refuse, self.refuse_for_now, self.hold = set(refuse), set(refuse_for_now), hold
        self.drop = set(drop)
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.data_received = threading.Event()
        self.released = threading.Event()
        self.server = self._bind()
        self.server.fake = self  # type: ignore[attr-defined]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def _bind() -> _Server:
        for port in PORTS:
            try:
                return _Server(("127.0.0.1", port), _Handler)
            except OSError:
                continue
        raise OSError(f"no free port in {PORTS}")

    def __enter__(self) -> FakeSMTPServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def env(self) -> dict[str, str]:
        """What a worker needs to send here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
        }

    def mailers(self) -> dict:
        """MAILERS for this process to send here."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }

    def delivered(self) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if m.answered]


def free_port_with_nothing_listening() -> int:
    """A port of ours where no server listens: a mail server that is down."""
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise OSError("every port is taken")
