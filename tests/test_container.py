"""The container image and the compose files an operator deploys with.

The files are checked everywhere. The image is built and run only where a Docker daemon
answers (`docker info`); elsewhere those tests are skipped, saying why. Building needs the base
image and the package index: off CI, when either is out of reach, the tests are skipped too.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from fake_bot_api import TOKEN, FakeBotApi, serve_http
from install_support import QUESTION, ROOT, assert_answered_from_the_report, skip_offline_else_fail

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
BASE_IMAGE = "python:3.11-slim"


def _compose(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    return loaded


# ---------------------------------------------------------------- the files


def test_dockerfile_runs_the_bot_as_a_user_with_its_state_in_a_volume() -> None:
    lines = [line.strip() for line in DOCKERFILE.splitlines()]
    assert f"ARG PYTHON_IMAGE={BASE_IMAGE}" in lines
    assert [line for line in lines if line.startswith("FROM ")] == [
        "FROM ${PYTHON_IMAGE} AS builder",
        "FROM ${PYTHON_IMAGE}",
    ]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users, "no USER: the bot would run as root"
    assert users[-1] not in ("root", "0")
    assert 'VOLUME ["/data"]' in lines
    assert "REPORTBOT_DATA_DIR=/data \\" in lines
    assert "EXPOSE 8443 9090" in lines
    assert lines[-1] == 'CMD ["reportbot", "telegram"]'
    (healthcheck,) = (line for line in lines if line.startswith('CMD ["python"'))
    assert "HEALTHCHECK_URL" in healthcheck
    assert "HEALTHCHECK_URL=http://127.0.0.1:9090/healthz" in lines


def test_docker_context_leaves_out_secrets_and_local_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for pattern in (".env", ".venv", ".git", "data", "**/__pycache__", ".mypy_cache"):
        assert pattern in ignored, pattern


def test_compose_runs_the_bot_with_a_data_volume_and_redis_on_request() -> None:
    compose = _compose("compose.yaml")["services"]
    bot = compose["bot"]
    assert bot["build"]["dockerfile"] == "Dockerfile"
    assert bot["env_file"] == [".env"]
    assert any(volume.endswith(":/data") for volume in bot["volumes"])
    assert bot["restart"] == "unless-stopped"
    assert "healthcheck" not in bot  # the image's
    assert "REDIS_URL" not in bot.get("environment", {})
    assert "profiles" not in bot
    redis = compose["redis"]
    assert redis["image"].startswith("redis:7-alpine")
    assert redis["profiles"] == ["redis"]
    shared = _compose("compose.redis.yaml")["services"]
    assert shared["bot"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "redis" in shared["bot"]["depends_on"]


# ---------------------------------------------------------------- the image


def _docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def image() -> Iterator[str]:
    if shutil.which("docker") is None:
        pytest.skip("no docker command")
    info = _docker("info", "--format", "{{.ServerVersion}}", timeout=30)
    if info.returncode != 0:
        said = (info.stderr.strip().splitlines() or ["docker info failed"])[-1]
        pytest.skip(f"no Docker daemon answers ({said})")
    if _docker("image", "inspect", BASE_IMAGE).returncode != 0:
        pulled = _docker("pull", BASE_IMAGE, timeout=600)
        if pulled.returncode != 0 and not os.environ.get("CI"):
            pytest.skip(f"cannot pull {BASE_IMAGE}: {pulled.stderr.strip()}")
        assert pulled.returncode == 0, pulled.stderr
    tag = f"jiaxing-reportbot:test-{uuid.uuid4().hex[:8]}"
    built = _docker("build", "--tag", tag, str(ROOT), timeout=1200)
    if built.returncode != 0:
        skip_offline_else_fail("docker build", built.stdout + built.stderr)
    try:
        yield tag
    finally:
        _docker("image", "rm", "--force", tag)


@pytest.mark.network
def test_image_answers_from_the_report_without_a_network(image: str) -> None:
    asked = ["reportbot", "ask", "--json", QUESTION]
    done = _docker("run", "--rm", "--network", "none", image, *asked)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert_answered_from_the_report(json.loads(line))


@pytest.mark.network
def test_image_runs_as_a_user_with_a_warm_cache(image: str) -> None:
    done = _docker("run", "--rm", image, "id", "-u")
    assert done.returncode == 0, done.stderr
    uid = int(done.stdout)
    assert uid != 0
    listed = _docker("run", "--rm", image, "sh", "-c", "stat -c '%u %n' /app/cache/* /data")
    assert listed.returncode == 0, listed.stderr
    owners: dict[str, str] = {}  # path -> owner's uid
    for line in listed.stdout.splitlines():
        owner, path = line.split(" ", 1)
        owners[path] = owner
    assert owners["/data"] == str(uid)
    assert [name for name in owners if name.startswith("/app/cache/engine-")]
    assert set(owners.values()) == {str(uid)}


@pytest.mark.network
def test_image_settings_and_health_check(image: str) -> None:
    done = _docker("image", "inspect", image, "--format", "{{json .Config}}")
    assert done.returncode == 0, done.stderr
    config = json.loads(done.stdout)
    env = dict(item.split("=", 1) for item in config["Env"])
    assert env["REPORTBOT_DATA_DIR"] == "/data"
    # Inside the container, so that the port can be published.
    assert (env["METRICS_PORT"], env["METRICS_LISTEN"]) == ("9090", "0.0.0.0")  # noqa: S104
    assert env["HEALTHCHECK_URL"] == "http://127.0.0.1:9090/healthz"
    assert config["Cmd"] == ["reportbot", "telegram"]
    assert set(config["ExposedPorts"]) == {"8443/tcp", "9090/tcp"}
    assert set(config["Volumes"]) == {"/data"}
    assert config["WorkingDir"] == "/app"
    assert "HEALTHCHECK_URL" in " ".join(config["Healthcheck"]["Test"])
    shown = _docker("run", "--rm", image, "reportbot", "--version")
    assert shown.stdout.startswith("reportbot "), shown.stderr
    assert shown.stdout.strip() != "reportbot unknown"


@pytest.mark.network
def test_image_health_check_passes_on_a_healthy_answer_and_fails_otherwise(image: str) -> None:
    done = _docker("image", "inspect", image, "--format", "{{json .Config.Healthcheck.Test}}")
    assert done.returncode == 0, done.stderr
    kind, *command = json.loads(done.stdout)
    assert kind == "CMD"
    # A stand-in server on the metrics port: 200 at /, 404 at /healthz.
    serve = "python -m http.server 9090 --bind 127.0.0.1 --directory /tmp >/dev/null 2>&1 & sleep 1"
    script = f'{serve}; "$@"; echo "up=$?"; HEALTHCHECK_URL= "$@" 2>/dev/null; echo "missing=$?"'
    ran = _docker(
        "run", "--rm", "--env", "HEALTHCHECK_URL=http://127.0.0.1:9090/", image,
        "sh", "-c", script, "sh", *command,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["up=0", "missing=1"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _state(container: str) -> dict[str, Any]:
    done = _docker("container", "inspect", container, "--format", "{{json .State}}")
    assert done.returncode == 0, done.stderr
    state: dict[str, Any] = json.loads(done.stdout)
    return state


@pytest.mark.network
def test_image_is_healthy_while_it_polls_and_stops_cleanly(image: str) -> None:
    """The image's own CMD and health check, against the fake Bot API served on this host."""
    port = _free_port()  # the host's network: a free port for /healthz, named by HEALTHCHECK_URL
    with serve_http(FakeBotApi()) as url:
        started = _docker(
            "run", "--detach", "--network", "host", "--health-interval", "1s",
            "--env", f"TELEGRAM_BOT_TOKEN={TOKEN}", "--env", f"TELEGRAM_API_BASE_URL={url}",
            "--env", f"METRICS_PORT={port}", "--env", "METRICS_LISTEN=127.0.0.1",
            "--env", f"HEALTHCHECK_URL=http://127.0.0.1:{port}/healthz",
            image,
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
        container = started.stdout.strip()
        try:
            deadline = time.monotonic() + 60
            state = _state(container)
            while state["Running"] and state["Health"]["Status"] != "healthy":
                assert time.monotonic() < deadline, state["Health"]
                time.sleep(0.5)
                state = _state(container)
            assert state["Health"]["Status"] == "healthy", _docker("logs", container).stderr
            stopped = _docker("stop", "--time", "30", container)
            assert stopped.returncode == 0, stopped.stderr
            assert _state(container)["ExitCode"] == 0, _docker("logs", container).stderr
        finally:
            _docker("rm", "--force", "--volumes", container)
