namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>
/// A tiny model server that obeys SageMaker's hosting contract, standing in for the real ones where a test is about
/// the platform (routing, supervision, lifecycle) rather than a framework: it reads <c>model.txt</c> from the model
/// directory (the text "crash" makes it exit at start), answers /ping, and answers /invocations with JSON naming its
/// model and echoing the input; the input "raise" makes it answer 500, "slow" makes it take 300 ms.
/// </summary>
public static class EchoModelServer
{
    public const string Script = """
        import os, sys, json, signal, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        model_dir = os.environ["SM_MODEL_DIR"]
        port = int(os.environ["SAGEMAKER_BIND_TO_PORT"])
        with open(os.path.join(model_dir, "model.txt")) as f:
            label = f.read().strip()
        if label == "crash":
            print("cannot load the model: it says crash", file=sys.stderr, flush=True)
            sys.exit(3)
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def reply(self, status, body, content_type=None):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                attributes = self.headers.get("X-Amzn-SageMaker-Custom-Attributes")
                if attributes:
                    self.send_header("X-Amzn-SageMaker-Custom-Attributes", "seen:" + attributes)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_GET(self):
                self.reply(200 if self.path == "/ping" else 404, b"")
            def do_POST(self):
                data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if data == b"raise":
                    self.reply(500, b"ValueError: the model raised")
                    return
                if data == b"slow":
                    time.sleep(0.3)
                self.reply(200, json.dumps({"label": label, "input": data.decode(), "contentType": self.headers.get("Content-Type"),
                                            "accept": self.headers.get("Accept"), "env": os.environ.get("GREETING")}).encode(), "application/json")
        signal.signal(signal.SIGTERM, lambda *args: os._exit(0))
        print("serving", label, "on port", port, flush=True)
        ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;
}
