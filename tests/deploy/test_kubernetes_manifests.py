"""deploy/kubernetes/ parsed (PyYAML) and checked against the server: every LLMROUTER_* name is a
setting and its value parses, ports and probes agree with the listen addresses, the preStop
delay matches LLMROUTER_SHUTDOWN_DELAY_S and the termination grace covers the whole shutdown,
selectors match, and every secret reference names a secret of secret.example.yaml."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from service.cli import _parser
from service.settings import Settings, database_url_problem, env_name

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
SETTINGS = {env_name(f.name) for f in dataclasses.fields(Settings)}


def load(name: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / name).read_text()) if doc]


def one(name: str, kind: str) -> dict:
    (doc,) = [d for d in load(name) if d["kind"] == kind]
    return doc


@pytest.fixture
def container() -> dict:
    (c,) = one("deployment.yaml", "Deployment")["spec"]["template"]["spec"]["containers"]
    return c


def env_of(container: dict) -> dict[str, dict]:
    return {e["name"]: e for e in container.get("env", [])}


def port_of(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


def test_kustomization_lists_files_that_exist():
    kust = load("kustomization.yaml")[0]
    for name in kust["resources"]:
        assert (DEPLOY / name).is_file(), name
    kinds = {d["kind"] for name in kust["resources"] for d in load(name)}
    assert {"Deployment", "Service", "PodDisruptionBudget"} <= kinds


def test_every_variable_is_a_setting_and_every_value_parses(container):
    env = env_of(container)
    unknown = sorted(n for n in env if n not in SETTINGS)
    assert not unknown, f"deployment.yaml sets variables that are not settings: {unknown}"
    tls_env = env_of(one("tls-patch.yaml", "Deployment")["spec"]["template"]["spec"]["containers"][0])
    unknown_tls = sorted(n for n in tls_env if n not in SETTINGS)
    assert not unknown_tls, f"tls-patch.yaml sets variables that are not settings: {unknown_tls}"
    # The values as the server reads them (secrets as secret.example.yaml has them).
    secrets = {(s["metadata"]["name"], k): v for s in load("secret.example.yaml") for k, v in s["stringData"].items()}
    values = {}
    for name, e in env.items():
        if "value" in e:
            values[name] = e["value"]
        else:
            ref = e["valueFrom"]["secretKeyRef"]
            assert (ref["name"], ref["key"]) in secrets, f"{name}: no such secret key {ref}"
            values[name] = secrets[ref["name"], ref["key"]]
    settings = Settings.from_env(values)
    assert not database_url_problem(settings.database_url) and not settings.is_embedded_database
    assert not settings.demo_model_enabled
    assert settings.listen.startswith("0.0.0.0:") and settings.http.startswith("0.0.0.0:")


def test_ports_and_probes_agree_with_the_listen_addresses(container):
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    env = env_of(container)
    assert ports["grpc"] == port_of(env["LLMROUTER_LISTEN"]["value"])
    assert ports["http"] == port_of(env["LLMROUTER_HTTP"]["value"])
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["grpc"]["port"] == ports["grpc"], probe
    service = one("service.yaml", "Service")
    for p in service["spec"]["ports"]:
        assert p["targetPort"] in ports, p
        assert p["port"] == ports[p["targetPort"]]


def test_shutdown_timing_matches_the_settings(container):
    pod = one("deployment.yaml", "Deployment")["spec"]["template"]["spec"]
    env = env_of(container)
    delay = float(env["LLMROUTER_SHUTDOWN_DELAY_S"]["value"])
    grace = float(env["LLMROUTER_SHUTDOWN_GRACE_S"]["value"])
    pre_stop = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pre_stop == delay
    # preStop, then SIGTERM: delay + grace, and the process exits within 1 s after that.
    assert pod["terminationGracePeriodSeconds"] >= pre_stop + delay + grace + 1
    # A shutting-down replica answers NOT_SERVING: liveness must not kill it before it is done.
    live = container["livenessProbe"]
    assert live["periodSeconds"] * live["failureThreshold"] > delay + grace + 1


def test_selectors_replicas_and_disruption_budget():
    deployment = one("deployment.yaml", "Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert one("service.yaml", "Service")["spec"]["selector"].items() <= labels.items()
    pdb = one("pdb.yaml", "PodDisruptionBudget")
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert 1 <= pdb["spec"]["minAvailable"] < deployment["spec"]["replicas"]
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_tls_patch_mounts_the_files_its_settings_name_and_probes_with_the_cli():
    pod = one("tls-patch.yaml", "Deployment")["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    (mount,) = c["volumeMounts"]
    (volume,) = pod["volumes"]
    assert volume["name"] == mount["name"] and volume["secret"]["secretName"] == "llmrouter-tls"
    tls_secret = next(s for s in load("secret.example.yaml") if s["metadata"]["name"] == "llmrouter-tls")
    for e in c["env"]:
        path = Path(e["value"])
        assert str(path.parent) == mount["mountPath"] and path.name in tls_secret["stringData"], e
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        command = c[probe]["exec"]["command"]
        assert command[:2] == ["llmrouter", "health"]
        args = _parser().parse_args(command[1:])
        for path in (args.ca, args.cert, args.key):
            assert Path(path).parent == Path(mount["mountPath"]) and Path(path).name in tls_secret["stringData"]
        assert port_of(args.address) == 50051
