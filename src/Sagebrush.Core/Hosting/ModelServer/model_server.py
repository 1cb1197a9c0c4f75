"""Sagebrush's model server for script-mode models: the SageMaker inference toolkit's handler contract over HTTP.

Run with /usr/bin/python3 (see ModelServerScript.cs for the environment). It binds 127.0.0.1:$SAGEMAKER_BIND_TO_PORT
at once, loads the model (GET /ping answers 503 until then, 200 after), and serves POST /invocations through the
user's handlers (sagebrush_transformer) with the framework's defaults (sagebrush_frameworks). If loading fails it
prints the traceback to stderr and exits 1. SIGTERM or SIGINT: exit 0.

Not supported: installing the code directory's requirements.txt (the packages /usr/bin/python3 has are used),
multi-model endpoints, several worker processes (one process, one request at a time through the handlers; scale with
the variant's instance count), batching several requests into one handler call, GPUs.
"""
import os
import signal
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# No __pycache__ beside the shipped modules or in the user's code directory (either may be read-only or shared).
sys.dont_write_bytecode = True

import sagebrush_frameworks  # noqa: E402 - after the line above
import sagebrush_settings  # noqa: E402
from sagebrush_transformer import ErrorResponse, Transformer, encode_body  # noqa: E402

DEFAULT_EXECUTION_PARAMETERS = {"MaxConcurrentTransforms": 1, "BatchStrategy": "MULTI_RECORD", "MaxPayloadInMB": 6}
# Far above InvokeEndpoint's 6 MB; only a guard against a bogus Content-Length.
MAX_BODY_BYTES = 100 * 1024 * 1024
EXIT_LOAD_FAILED = 1


class ModelHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    # The router keeps a pool of connections; each keeps a thread, so allow a deep accept queue.
    request_queue_size = 128

    def __init__(self, address, settings):
        super().__init__(address, InvocationHandler)
        self.settings = settings
        self.transformer = None  # set once the model has loaded; /ping is 503 until then

    def handle_error(self, request, client_address):
        # A client that goes away mid-request (a router restart, wrk ending) is routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        print(f"model server: error on a connection from {client_address[0]}:{client_address[1]}:", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()


class InvocationHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every response carries Content-Length
    server_version = "SagebrushModelServer/1"

    def version_string(self):
        return self.server_version

    def setup(self):
        super().setup()
        # Headers and body are separate writes; without this, Nagle and delayed ACKs add 40 ms per response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self._started = time.monotonic()
        path = self.path.split("?", 1)[0]
        transformer = self.server.transformer
        if path == "/ping":
            if transformer is None:
                self._send(503, b"the model is loading\n", "text/plain")
            else:
                self._send(200, b"", None)
        elif path == "/execution-parameters":
            self._execution_parameters(transformer)
        else:
            self._send(404, f"no route for GET {path}\n".encode(), "text/plain")

    def do_POST(self):
        self._started = time.monotonic()
        path = self.path.split("?", 1)[0]
        try:
            body = self._read_body()
        except ValueError as error:
            self.close_connection = True
            self._send(400, f"{error}\n".encode(), "text/plain")
            return
        transformer = self.server.transformer
        if path != "/invocations":
            self._send(404, f"no route for POST {path}\n".encode(), "text/plain")
        elif transformer is None:
            self._send(503, b"the model is loading\n", "text/plain")
        else:
            try:
                response = transformer.transform(body, self.headers.items())
            except ErrorResponse as error:
                self._send(error.status, error.body.encode("utf-8"), error.content_type)
                return
            self._send(200, response.body, response.content_type, response.headers)

    def _execution_parameters(self, transformer):
        import json
        if transformer is None or transformer.execution_parameters_fn is None:
            self._send(200, json.dumps(DEFAULT_EXECUTION_PARAMETERS).encode(), "application/json")
            return
        try:
            result = transformer.execution_parameters_fn()
            body = encode_body(result[0] if isinstance(result, tuple) else result)
        except Exception:  # noqa: BLE001 - the user's function failing is the user's error, reported as 500
            traceback.print_exc(file=sys.stderr)
            self._send(500, traceback.format_exc().strip().splitlines()[-1].encode(), "text/plain")
            return
        self._send(200, body, "application/json")

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        if not length.strip().isdigit() or int(length) > MAX_BODY_BYTES:
            raise ValueError(f"bad Content-Length: {length}")
        return self._read_exactly(int(length))

    def _read_chunked(self):
        parts, total = [], 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            size = int(size_line, 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_BODY_BYTES:
                raise ValueError("the chunked request body is too large")
            parts.append(self._read_exactly(size))
            self.rfile.readline(1024)

    def _read_exactly(self, count):
        data = self.rfile.read(count)
        if len(data) != count:
            raise ValueError("the connection closed before the request body ended")
        return data

    def _send(self, status, body, content_type, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        if self.server.settings.debug:
            elapsed = (time.monotonic() - getattr(self, "_started", time.monotonic())) * 1000
            sys.stdout.write(f"{self.command} {self.path} {code} {elapsed:.1f}ms\n")
            sys.stdout.flush()

    def log_message(self, format, *args):  # noqa: A002 - BaseHTTPRequestHandler's signature
        # What http.server itself reports (malformed requests, timeouts): always, on stderr.
        sys.stderr.write(f"model server: {format % args}\n")


def main():
    try:
        settings = sagebrush_settings.Settings(os.environ)
        defaults = sagebrush_frameworks.defaults_for(settings.framework, settings.default_accept)
        server = ModelHttpServer(("127.0.0.1", settings.port), settings)
    except (ValueError, OSError) as error:
        print(f"model server: {error}", file=sys.stderr, flush=True)
        return 2

    stop = threading.Event()

    def on_signal(signum, frame):
        if server.transformer is None:
            os._exit(0)  # still loading: nothing to drain
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # Python runs signal handlers in the main thread only, and a blocked main thread wakes only if the kernel delivers
    # the signal to it: the HTTP threads (and the request threads they start) inherit a mask without SIGTERM/SIGINT.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)

    started = time.monotonic()
    transformer = Transformer(settings, defaults)
    try:
        transformer.load()
    except BaseException:  # noqa: BLE001 - SystemExit and KeyboardInterrupt from user code fail the load too
        print(f"model server: loading the model failed ({settings.module_name} in {settings.code_dir}, "
              f"model dir {settings.model_dir}, {defaults.name} defaults):", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        return EXIT_LOAD_FAILED
    server.transformer = transformer
    print(f"model server: model loaded in {time.monotonic() - started:.2f}s; serving on 127.0.0.1:{settings.port}",
          flush=True)

    while not stop.wait(1):
        pass
    # Promptly: no waiting for serve_forever's poll or for idle kept-alive connections; in-flight requests end.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
