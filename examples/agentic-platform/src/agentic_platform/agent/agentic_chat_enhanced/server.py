"""A minimal agent that follows the AgentCore Runtime HTTP contract.

GET /ping answers the runtime's health check, POST /invocations answers a request and
GET /health serves Kubernetes probes. Only the standard library is used.
"""

import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AGENT_NAME = "agentic_chat_enhanced"
STARTED_AT = int(time.time())


class AgentHandler(BaseHTTPRequestHandler):
    server_version = "agentic-chat-enhanced/1.0"

    def do_GET(self):
        if self.path == "/ping":
            self._reply(200, {"status": "Healthy", "time_of_last_update": STARTED_AT})
        elif self.path == "/health":
            self._reply(200, {"status": "ok", "agent": AGENT_NAME})
        else:
            self._reply(404, {"error": f"no route for GET {self.path}"})

    def do_POST(self):
        if self.path != "/invocations":
            self._reply(404, {"error": f"no route for POST {self.path}"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            request = json.loads(raw or b"{}")
        except json.JSONDecodeError as error:
            self._reply(400, {"error": f"request body is not JSON: {error.msg}"})
            return
        prompt = request.get("prompt", "") if isinstance(request, dict) else ""
        self._reply(200, {
            "agent": AGENT_NAME,
            "response": f"You said: {prompt}" if prompt else "Hello from agentic_chat_enhanced.",
            "endpoints": {
                "litellm": os.environ.get("LITELLM_API_ENDPOINT", ""),
                "retrieval": os.environ.get("RETRIEVAL_GATEWAY_ENDPOINT", ""),
            },
        })

    def _reply(self, status, body):
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        # One line per request on standard error, which both runtimes collect.
        print(f"{self.address_string()} {format % args}", flush=True)


def main():
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), AgentHandler)
    print(f"{AGENT_NAME} listening on port {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
