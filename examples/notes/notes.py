"""notes: a tiny HTTP notes service.

  GET  /       200, a one-line summary
  GET  /notes  200, every note, one per line
  POST /notes  201, stores the request body as a new note

Where it writes, and why:
  /var/lib/notes/notes.txt        the notes (the VOLUME; fsync'd on every POST)
  /var/log/notes/access.log       one line per request
  /var/cache/notes/listing.txt    the rendered GET /notes answer, rebuilt when notes change
  /tmp/notes-spool-*              request bodies are spooled here before they are stored
SIGTERM flushes the log, fsyncs the notes, removes the spool file and exits 0.
python3-minimal has no http.server, hence plain sockets.
"""
import os
import signal
import socket
import sys
import tempfile
import time

DATA_PATH = "/var/lib/notes/notes.txt"
LOG_DIR = "/var/log/notes"
CACHE_DIR = "/var/cache/notes"
LISTING_PATH = os.path.join(CACHE_DIR, "listing.txt")
MAX_BODY = 64 * 1024


class Shutdown(Exception):
    pass


def on_sigterm(signum, frame):
    raise Shutdown()


class Notes:
    def __init__(self):
        os.makedirs(LOG_DIR, exist_ok=True)
        os.makedirs(CACHE_DIR, exist_ok=True)
        self.access_log = open(os.path.join(LOG_DIR, "access.log"), "a")
        self.store = open(DATA_PATH, "a+")
        spool_fd, self.spool_path = tempfile.mkstemp(prefix="notes-spool-", dir="/tmp")
        self.spool = os.fdopen(spool_fd, "w+b")
        self.render_listing()

    def notes(self):
        self.store.seek(0)
        return [line.rstrip("\n") for line in self.store]

    def render_listing(self):
        with open(LISTING_PATH, "w") as listing:
            listing.writelines(f"{number}: {text}\n" for number, text in enumerate(self.notes(), 1))

    def add(self, body):
        # Spool first: a half-received or oversized body never reaches the store.
        self.spool.seek(0)
        self.spool.truncate()
        self.spool.write(body)
        self.spool.seek(0)
        text = self.spool.read().decode("utf-8", "replace").replace("\n", " ").strip()
        self.store.write(text + "\n")
        self.store.flush()
        os.fsync(self.store.fileno())
        self.render_listing()
        return len(self.notes())

    def handle(self, method, path, body):
        if path == "/" and method == "GET":
            return "200 OK", f"notes: {len(self.notes())} stored; GET /notes lists them, POST /notes adds one\n"
        if path == "/notes" and method == "GET":
            with open(LISTING_PATH) as listing:
                return "200 OK", listing.read()
        if path == "/notes" and method == "POST":
            return "201 Created", f"note {self.add(body)} stored\n"
        return "404 Not Found", "not found\n"

    def log(self, peer, request_line, status, size):
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
        self.access_log.write(f'{peer} - - [{stamp}] "{request_line}" {status.split()[0]} {size}\n')
        self.access_log.flush()

    def close(self):
        self.access_log.close()
        self.store.flush()
        os.fsync(self.store.fileno())
        self.store.close()
        self.spool.close()
        os.unlink(self.spool_path)


def read_request(conn):
    """Returns (method, path, request_line, body), or None when the client sent nothing."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < MAX_BODY:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    if not data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    length = min(int(headers.get("content-length", "0") or "0"), MAX_BODY)
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        body += chunk
    parts = lines[0].split()
    method, path = (parts[0], parts[1]) if len(parts) >= 2 else ("GET", "/")
    return method, path, lines[0], body[:length]


def serve(listener, notes):
    while True:
        conn, (peer, _) = listener.accept()
        with conn:
            conn.settimeout(5)
            try:
                request = read_request(conn)
                if request is None:
                    continue
                method, path, request_line, body = request
                status, text = notes.handle(method, path, body)
                payload = text.encode()
                head = f"HTTP/1.0 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
                conn.sendall(head.encode() + payload)
                notes.log(peer, request_line, status, len(payload))
            except (OSError, ValueError):
                continue


def main():
    port = int(os.environ.get("NOTES_PORT", "8080"))
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        notes = Notes()
    except OSError as error:
        print(f"notes: fatal: {error}", file=sys.stderr)
        return 1
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", port))
    listener.listen(16)
    print(f"notes: {len(notes.notes())} notes, listening on {port}")
    try:
        serve(listener, notes)
    except Shutdown:
        print("notes: SIGTERM, flushing and exiting")
    finally:
        listener.close()
        notes.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
