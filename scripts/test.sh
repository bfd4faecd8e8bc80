#!/usr/bin/env bash
# Installs what the tests need (Debian's Chromium and HAProxy, a CJK font and Fashion-MNIST, the Python requirements),
# then runs every test: unit tests of core/, AppTest runs of every page, end-to-end tests in Chromium.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
# The load balancer in front of the replicas (deploy/cluster.py; tests/e2e/test_cluster_e2e.py).
command -v haproxy >/dev/null || missing+=(haproxy)
# A CJK font, so that screenshots of the Chinese pages show characters rather than boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# The house rules first (seconds): lint, formatting, and the layers (pyproject.toml says which).
python3 -m ruff check --quiet .
python3 -m ruff format --check --quiet .
lint-imports --no-cache >/dev/null || lint-imports --no-cache

export DASHBOARD_OFFLINE=1 TF_CPP_MIN_LOG_LEVEL=2
python3 -m pytest "$@"
