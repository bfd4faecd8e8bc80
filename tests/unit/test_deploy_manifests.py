"""The Kubernetes pieces in deploy/k8s/ cannot run here (no Kubernetes): every YAML file in deploy/ is parsed, and
what the cluster needs from them is checked, so that a broken file or a lost setting shows up in CI.

- the replicas: a readiness and a liveness probe on Streamlit's /_stcore/health, RAY_ADDRESS at the KubeRay head's
  Service, DASHBOARD_MODEL_STORE at the bucket;
- the Service and the Ingress: sticky sessions (client address; a cookie) and WebSocket-friendly timeouts;
- the RayCluster (KubeRay ray.io/v1): a head, a CPU worker group and a GPU worker group, on the app's image.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
MANIFESTS = sorted(DEPLOY.rglob("*.yaml")) + sorted(DEPLOY.rglob("*.yml"))


def documents() -> list[dict]:
    found = []
    for path in MANIFESTS:
        found.extend(document for document in yaml.safe_load_all(path.read_text()) if document)
    return found


def the(kind: str) -> dict:
    (document,) = [document for document in documents() if document["kind"] == kind]
    return document


def containers(pod_template: dict) -> list[dict]:
    return pod_template["spec"]["containers"]


def environment(container: dict) -> dict[str, dict]:
    return {variable["name"]: variable for variable in container.get("env", [])}


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_every_yaml_file_parses_and_says_it_is_not_run_here(path: Path):
    parsed = [document for document in yaml.safe_load_all(path.read_text()) if document]
    assert parsed and all(isinstance(document, dict) for document in parsed)
    assert "NOT RUN HERE" in path.read_text().splitlines()[0]


def test_the_replicas_are_checked_on_streamlit_s_health_endpoint_and_train_on_the_ray_head_and_share_the_bucket():
    deployment = the("Deployment")
    (replica,) = containers(deployment["spec"]["template"])
    for probe in ("readinessProbe", "livenessProbe"):
        assert replica[probe]["httpGet"]["path"] == "/_stcore/health", probe
    assert deployment["spec"]["replicas"] >= 2
    assert {"cpu", "memory"} <= set(replica["resources"]["requests"])

    variables = environment(replica)
    ray_cluster = the("RayCluster")
    head_service = f"{ray_cluster['metadata']['name']}-head-svc"  # the Service KubeRay makes for the head
    assert variables["RAY_ADDRESS"]["value"] == f"{head_service}:6379"

    store = variables["DASHBOARD_MODEL_STORE"]["valueFrom"]["configMapKeyRef"]
    config_map = next(d for d in documents() if d["kind"] == "ConfigMap" and d["metadata"]["name"] == store["name"])
    assert config_map["data"][store["key"]].startswith("s3://")
    secrets = [source["secretRef"]["name"] for source in replica["envFrom"] if "secretRef" in source]
    secret = next(d for d in documents() if d["kind"] == "Secret" and d["metadata"]["name"] in secrets)
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= set(secret["stringData"])


def test_the_service_and_the_ingress_keep_a_visitor_on_one_replica_and_let_websockets_live():
    deployment, service, ingress = the("Deployment"), the("Service"), the("Ingress")
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert service["spec"]["sessionAffinity"] == "ClientIP"

    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    for timeout in ("proxy-read-timeout", "proxy-send-timeout"):
        assert int(annotations[f"nginx.ingress.kubernetes.io/{timeout}"]) >= 600, timeout
    backends = [
        path["backend"]["service"]["name"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]
    ]
    assert backends == [service["metadata"]["name"]]


def test_the_ray_cluster_has_a_head_a_cpu_and_a_gpu_worker_group_on_the_app_s_image():
    ray_cluster = the("RayCluster")
    assert ray_cluster["apiVersion"] == "ray.io/v1"
    (app,) = containers(the("Deployment")["spec"]["template"])

    head = ray_cluster["spec"]["headGroupSpec"]
    groups = ray_cluster["spec"]["workerGroupSpecs"]
    pods = [head["template"]] + [group["template"] for group in groups]
    assert {container["image"] for pod in pods for container in containers(pod)} == {app["image"]}

    def gpus(group: dict) -> int:
        return sum(
            int(c["resources"].get("limits", {}).get("nvidia.com/gpu", 0)) for c in containers(group["template"])
        )

    assert any(gpus(group) == 0 for group in groups), "no CPU worker group"
    assert any(gpus(group) >= 1 for group in groups), "no GPU worker group (nvidia.com/gpu)"
    # Every Ray node reads and writes the same store as the replicas.
    for pod in pods:
        for container in containers(pod):
            sources = {source.get("configMapRef", {}).get("name") for source in container["envFrom"]}
            assert "dashboard-store" in sources
