#!/usr/bin/env python3
"""A scripted stand-in for the OpenAI Responses API (POST /v1/responses) for benchmarks: every call
is answered with the same short text reply, streamed or not, in the shape the official SDK
validates. Usage: llm-stub.py PORT"""
import json, sys, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def response(request):
    now = int(time.time())
    return {
        "id": "resp_" + uuid.uuid4().hex, "object": "response", "created_at": now, "completed_at": now,
        "status": "completed", "background": False, "error": None, "incomplete_details": None,
        "instructions": request.get("instructions"), "max_output_tokens": None, "max_tool_calls": None,
        "model": request.get("model", "stub"), "parallel_tool_calls": True, "previous_response_id": None,
        "prompt_cache_key": None, "reasoning": request.get("reasoning") or {"effort": None, "summary": None},
        "safety_identifier": None, "service_tier": "default", "store": True, "temperature": 1.0,
        "text": request.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": request.get("tool_choice", "auto"), "tools": request.get("tools", []), "top_logprobs": 0,
        "top_p": 1.0, "truncation": "disabled", "user": None, "metadata": {},
        "output": [{"id": "msg_" + uuid.uuid4().hex, "type": "message", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": "The code looks fine."}]}],
        "usage": {"input_tokens": 100, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                  "output_tokens": 20, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 120},
    }

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        body = response(request)
        if request.get("stream"):
            payload = ("event: response.completed\ndata: " + json.dumps(
                {"type": "response.completed", "response": body, "sequence_number": 0}) + "\n\n").encode()
            content_type = "text/event-stream"
        else:
            payload, content_type = json.dumps(body).encode(), "application/json"
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
