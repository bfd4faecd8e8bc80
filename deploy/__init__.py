"""Running the app beyond one server: a local cluster on one machine (``python -m deploy.cluster``: a Ray head,
Streamlit replicas and HAProxy), and the same pieces for Kubernetes in ``deploy/k8s/`` (README, "Several servers and
a Ray cluster")."""
