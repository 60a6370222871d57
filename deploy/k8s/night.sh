#!/usr/bin/env bash
# One night on Kubernetes: the sharded batch, then the roll-up once every
# shard has completed. Run from cron or a CI scheduler with kubectl access.
#
#   deploy/k8s/night.sh [TIMEOUT]     # default 6h
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
timeout=${1:-6h}
kubectl apply -f volume.yaml
# Last night's Jobs (same names) must go before tonight's start.
kubectl delete job tierbook-batch tierbook-rollup --ignore-not-found --wait=true
kubectl apply -f batch-job.yaml
if ! kubectl wait --for=condition=complete job/tierbook-batch --timeout="$timeout"; then
    echo "night.sh: a shard still failed after its retries; see: kubectl logs -l app.kubernetes.io/component=batch" >&2
    exit 1
fi
kubectl apply -f rollup-job.yaml
kubectl wait --for=condition=complete job/tierbook-rollup --timeout=30m
kubectl logs job/tierbook-rollup
