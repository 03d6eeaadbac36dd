"""The optional model backend against a fake OpenAI / Anthropic server on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from compiler.account import load_schema
from compiler.authoring import author
from compiler.authoring.llm import ModelConfig, ModelConfigError, model_from_env

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")
KEY = "sk-test-do-not-log-0123456789"


class FakeModel:
    """Answers each request with the next scripted reply and records what it was sent."""

    def __init__(self, replies: list[str], status: int = 200) -> None:
        self.replies = list(replies)
        self.status = status
        self.requests: list[dict[str, Any]] = []


def _handler(fake: FakeModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length))
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if fake.status != 200:
                self.send_response(fake.status)
                self.end_headers()
                return
            text = fake.replies.pop(0) if fake.replies else "{}"
            if self.path.endswith("/chat/completions"):
                payload: dict[str, Any] = {"choices": [{"message": {"content": text}}]}
            else:
                payload = {"content": [{"type": "text", "text": text}]}
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(fake: FakeModel) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def _openai(base: str) -> ModelConfig:
    return ModelConfig("openai", "test-model", base + "/v1", KEY, timeout=5)


def test_model_binding_is_checked_and_returned(serve: Any) -> None:
    good = 'search pets where species = "dog" limit 200'
    fake = FakeModel([json.dumps({"binding": good, "explanation": "Lists every dog."})])
    result = author("List all dogs", SCHEMA, model=_openai(serve(fake)))
    assert result.ok and result.binding == good
    assert result.explanation == "Lists every dog."
    assert result.backend == "openai:test-model"
    request = fake.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == f"Bearer {KEY}"
    prompt = json.dumps(request["body"])
    assert "species" in prompt and "find_or_create" in prompt  # schema slice and grammar


def test_diagnostics_go_back_to_the_model_and_it_repairs(serve: Any) -> None:
    bad = 'search pets where species = "Dog"'  # a label where the value belongs
    good = 'search pets where species = "dog"'
    fake = FakeModel([json.dumps({"binding": bad}), json.dumps({"binding": good})])
    result = author("List dogs", SCHEMA, model=_openai(serve(fake)))
    assert result.ok and result.binding == good
    assert len(fake.requests) == 2
    feedback = fake.requests[1]["body"]["messages"][-1]["content"]
    assert "literal-type" in feedback and "dog" in feedback


def test_three_rejected_answers_fall_back_to_the_offline_engine(serve: Any) -> None:
    bad = json.dumps({"binding": "search pets where colour > 3"})
    fake = FakeModel([bad, bad, bad, bad])
    result = author("List all dogs", SCHEMA, model=_openai(serve(fake)))
    assert len(fake.requests) == 3
    assert result.ok and result.backend == "offline"
    assert result.binding == 'search pets where species = "dog" limit 200'


def test_server_error_falls_back_and_never_echoes_the_key(serve: Any) -> None:
    fake = FakeModel([], status=500)
    result = author("List all dogs", SCHEMA, model=_openai(serve(fake)))
    assert result.ok and result.backend == "offline"
    assert KEY not in json.dumps(result.to_json())


def test_unreachable_model_falls_back() -> None:
    config = ModelConfig("openai", "m", "http://127.0.0.1:9", KEY, timeout=2)
    result = author("List all dogs", SCHEMA, model=config)
    assert result.ok and result.backend == "offline"


def test_anthropic_messages_api(serve: Any) -> None:
    good = "update pets {pet_id} set weight_kg = {weight_kg}"
    fake = FakeModel([f"Here it is:\n{json.dumps({'binding': good})}"])
    config = ModelConfig("anthropic", "claude-test", serve(fake), KEY, timeout=5)
    result = author("Update a pet's weight", SCHEMA, model=config)
    assert result.ok and result.binding == good
    request = fake.requests[0]
    assert request["path"] == "/v1/messages"
    assert request["headers"]["x-api-key"] == KEY
    assert request["body"]["model"] == "claude-test"


def test_model_question_is_passed_on(serve: Any) -> None:
    answer = {"question": "Which pipeline?", "candidates": ["Support", "Clinic Requests"]}
    fake = FakeModel([json.dumps(answer)])
    data = author("Open a ticket", SCHEMA, model=_openai(serve(fake))).to_json()
    assert data == {
        "ok": False,
        "question": "Which pipeline?",
        "candidates": [{"label": "Support"}, {"label": "Clinic Requests"}],
    }


def test_model_from_env() -> None:
    assert model_from_env({}) is None
    config = model_from_env(
        {
            "SKILLC_AUTHOR_MODEL": "anthropic:claude-x",
            "SKILLC_AUTHOR_BASE_URL": "http://127.0.0.1:1234/",
            "SKILLC_AUTHOR_API_KEY": KEY,
        }
    )
    assert config is not None
    assert (config.provider, config.model, config.base_url) == (
        "anthropic",
        "claude-x",
        "http://127.0.0.1:1234",
    )
    assert KEY not in repr(config)
    with pytest.raises(ModelConfigError):
        model_from_env({"SKILLC_AUTHOR_MODEL": "llama"})
    with pytest.raises(ModelConfigError):
        model_from_env({"SKILLC_AUTHOR_MODEL": "openai:x", "SKILLC_AUTHOR_BASE_URL": "ftp://x"})
