"""The workshop bench on a local cluster: twice the attendees on two replicas vs one replica, same machine, same run.

    python -m bench.cluster_load --sessions 6     # a quick check that it works (6 on 1 replica, then 12 on 2)
    python -m bench.cluster_load --sessions 30    # the figure: 30 attendees on 1 replica, then 60 on 2

One Streamlit server is one interpreter; the point of replicas is one interpreter per core. Each round starts a local
cluster with the cluster command's own code (:class:`deploy.cluster.LocalCluster`: a Ray head, the replicas, HAProxy)
and runs the room of :mod:`bench.workshop_load` through the balancer (its attendee visit, unchanged): first
``--sessions`` attendees on 1 replica, then twice as many on 2. Each round has a fresh copy of the bundled models
without the /training default (so the room's Train presses really train) and no bundle, as in the workshop bench.

Printed for each round: session errors, trainings that ran, p95 of the first render and of the prediction, the peak
memory of each replica (its VmHWM plus each of its child processes' VmHWM: an upper bound) and of the Ray processes
(the head's whole process tree: GCS, raylet, agents, workers); then the ratios of the p95s, two replicas over one,
last (goal <= 1.3).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from bench.common import REPO_ROOT, TreeMemory
from bench.workshop_load import lesson_pages, p95_figures, prepared_store, room
from deploy.cluster import LocalCluster
from deploy.processes import free_port


def round_on(replicas: int, sessions: int, arguments, pages, canvas_value, directory: Path) -> dict:
    """One round: a fresh cluster of ``replicas`` replicas, ``sessions`` attendees through its balancer; its figures."""
    from core.settings import MODEL_BUNDLE_ENV

    store = directory / f"store_{replicas}"
    entries_before = prepared_store(arguments.store, store)
    cluster = LocalCluster(
        replicas=replicas,
        port=free_port(),
        host="127.0.0.1",
        replica_ports=[free_port() for _ in range(replicas)],
        ray=not arguments.no_ray,
        ray_port=free_port(),
        store=store,
        env={"DASHBOARD_OFFLINE": "1", "DASHBOARD_WARMUP": "1", "TF_CPP_MIN_LOG_LEVEL": "2", MODEL_BUNDLE_ENV: "none"},
        run_dir=directory / f"cluster_{replicas}",
    )
    with cluster:
        trees = {name: TreeMemory(pid, interval=0.5) for name, pid in cluster.pids().items() if name != "balancer"}
        try:
            visits, wall_seconds = room(
                cluster.url,
                sessions,
                pages,
                canvas_value,
                arguments.spread,
                arguments.think,
                warm_up_urls=cluster.replica_urls,
            )
        finally:
            for memory in trees.values():
                memory.stop()
    errors = [error for visit in visits for error in visit.errors]
    figures = p95_figures(visits, pages)
    return {
        "replicas": replicas,
        "sessions": sessions,
        "wall_s": wall_seconds,
        "errors": errors,
        "trainings": len(list(store.glob("*.json"))) - entries_before,
        **figures,
        "replica_mb": {
            name: (memory.server_hwm_mb, memory.children_hwm_mb, len(memory.children_hwm))
            for name, memory in trees.items()
            if name != "ray_head"
        },
        "ray_mb": trees["ray_head"].server_hwm_mb + trees["ray_head"].children_hwm_mb if "ray_head" in trees else None,
        "ray_processes": len(trees["ray_head"].children_hwm) + 1 if "ray_head" in trees else 0,
    }


def report(figures: dict) -> None:
    replicas = figures["replicas"]
    print(
        f"\n{figures['sessions']} attendees on {replicas} replica{'s' if replicas > 1 else ''} "
        f"({figures['wall_s']:.0f} s): {len(figures['errors'])} session errors, {figures['trainings']} new store "
        "entries (distinct configs trained)"
    )
    print(
        f"  p95: first render {figures['first_render']:.2f} s, prediction {figures['prediction']:.2f} s, "
        f"whole page {figures['page']:.2f} s"
    )
    for name, (server, children, count) in figures["replica_mb"].items():
        print(
            f"  replica {name}: {server + children:.0f} MB = server {server:.0f} MB (VmHWM) + {count} child "
            f"processes {children:.0f} MB (sum of their VmHWM)"
        )
    if figures["ray_mb"] is not None:
        print(f"  Ray processes: {figures['ray_mb']:.0f} MB ({figures['ray_processes']} processes, sum of VmHWM)")
    for error in sorted(set(figures["errors"]))[:10]:
        print(f"    {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="attendees on one replica (twice as many on two)")
    parser.add_argument("--store", type=Path, default=REPO_ROOT / "bundled_models", help="the models to serve")
    parser.add_argument("--spread", type=float, default=5.0, help="attendees arrive within this many seconds")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds an attendee reads before each step")
    parser.add_argument("--no-ray", action="store_true", help="no Ray head: each replica trains in its own processes")
    arguments = parser.parse_args()

    pages, canvas_value = lesson_pages()
    with tempfile.TemporaryDirectory() as directory:
        one = round_on(1, arguments.sessions, arguments, pages, canvas_value, Path(directory))
        report(one)
        two = round_on(2, 2 * arguments.sessions, arguments, pages, canvas_value, Path(directory))
        report(two)

    ratios = {name: two[name] / one[name] for name in ("first_render", "prediction")}
    print(
        json.dumps(
            {
                "sessions_on_1": one["sessions"],
                "sessions_on_2": two["sessions"],
                "errors": len(one["errors"]) + len(two["errors"]),
                "first_render_p95_s": [round(one["first_render"], 2), round(two["first_render"], 2)],
                "prediction_p95_s": [round(one["prediction"], 2), round(two["prediction"], 2)],
                "replica_peak_mb": [
                    round(server + children)
                    for server, children, _ in [*one["replica_mb"].values(), *two["replica_mb"].values()]
                ],
                "ray_peak_mb": [round(value) for value in (one["ray_mb"], two["ray_mb"]) if value is not None],
            }
        )
    )
    print(
        f"p95 ratio, {two['sessions']} attendees on 2 replicas / {one['sessions']} on 1: "
        f"first render {ratios['first_render']:.2f}, prediction {ratios['prediction']:.2f} (goal <= 1.3)"
    )


if __name__ == "__main__":
    main()
