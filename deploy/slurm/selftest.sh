#!/usr/bin/env bash
# Self-test of the Slurm scripts on this machine, with a real Slurm.
#
#   deploy/slurm/selftest.sh          (as root; BOOKS=200 SHARDS=4 by default)
#
# Installs Debian's slurm-wlm and munge when missing, starts a private
# single-node cluster (munged, slurmctld, slurmd; configuration, state and
# logs in a temporary folder; loopback only), generates an inbox of BOOKS
# books in 10 advisor folders, submits the night with submit.sh (a job
# array of SHARDS shards and the roll-up with --dependency=afterok), waits,
# then checks that every book has its report and CRM list, that every shard
# logged its end line, and that the roll-up counted every book. It stops the
# daemons it started whatever happens, and exits 0 only when every check
# passed and the daemons are gone.
set -euo pipefail

BOOKS=${BOOKS:-200}
SHARDS=${SHARDS:-4}
CLIENTS=${CLIENTS:-120}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { echo "selftest: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || fail "run as root (it installs packages and starts the Slurm daemons)"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

say "building tierbook (release)"
(cd "$root" && cargo build --release --quiet --bin tierbook --example make_bench_book)
target=${CARGO_TARGET_DIR:-$root/target}
tierbook=$target/release/tierbook
generate=$target/release/examples/make_bench_book

work=$(mktemp -d /tmp/tierbook-slurm.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/logs"
pids=()
stop_daemons() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}
daemon_pid() { # waits for a pid file, prints its pid
    for _ in $(seq 100); do
        [[ -s $1 ]] && { cat "$1"; return 0; }
        sleep 0.1
    done
    return 1
}
trap 'stop_daemons' EXIT

say "starting munged, slurmctld and slurmd in $work"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
munged --force --socket="$work/munge/munge.socket" --key-file="$work/munge/munge.key" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
pids+=("$(daemon_pid "$work/munge/munged.pid")") || fail "munged did not start: $(cat "$work/munge/munged.log")"

host=$(hostname -s)
cat >"$work/slurm.conf" <<CONF
ClusterName=tierbook-selftest
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=night Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF"
pids+=("$(daemon_pid "$work/slurmctld.pid")") || fail "slurmctld did not start: $(tail -n 20 "$work/slurmctld.log")"
slurmd -f "$SLURM_CONF"
pids+=("$(daemon_pid "$work/slurmd.pid")") || fail "slurmd did not start: $(tail -n 20 "$work/slurmd.log")"
for _ in $(seq 100); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1)
    [[ $state == idle* ]] && break
    sleep 0.2
done
[[ ${state:-} == idle* ]] || fail "the node is not idle (state '${state:-none}'): $(tail -n 20 "$work/slurmd.log")"
say "cluster up: $(sinfo -h -o '%P %a %D %T')"

say "generating $BOOKS books of $CLIENTS clients in 10 advisor folders"
inbox=$work/inbox
out=$work/reports
"$generate" "$work/book.xlsx" "$CLIENTS" >/dev/null
for ((i = 0; i < BOOKS; i++)); do
    folder=$(printf 'advisor%02d' $((i % 10)))
    mkdir -p "$inbox/$folder"
    cp "$work/book.xlsx" "$inbox/$folder/$(printf 'book%03d' "$i").xlsx"
done

say "submitting the night: $SHARDS shards, then the roll-up"
cd "$work/logs"
read -r batch rollup < <(INBOX=$inbox OUT=$out TIERBOOK=$tierbook "$root/deploy/slurm/submit.sh" "$SHARDS" --cpus-per-task=1)
say "batch job $batch, roll-up job $rollup"
deadline=$((SECONDS + 900))
while [[ -n $(squeue -h -j "$batch,$rollup" 2>/dev/null) ]]; do
    ((SECONDS < deadline)) || fail "the jobs did not finish in 15 minutes: $(squeue)"
    sleep 1
done

say "checking"
problems=0
for book in "$inbox"/*/*.xlsx; do
    rel=${book#"$inbox"/}
    stem=${rel%.xlsx}
    for kind in xlsx csv; do
        if [[ ! -s $out/$stem.tiers.$kind ]]; then
            say "missing: $out/$stem.tiers.$kind"
            problems=$((problems + 1))
        fi
    done
done
for ((k = 1; k <= SHARDS; k++)); do
    log=$work/logs/tierbook-batch-${batch}_$k.log
    if ! grep -q "tierbook batch: end: inbox $inbox, shard $k/$SHARDS: .* 0 failed in" "$log" 2>/dev/null; then
        say "shard $k/$SHARDS did not log its end line: $(cat "$log" 2>/dev/null || echo "no log $log")"
        problems=$((problems + 1))
    fi
done
rollup_log=$work/logs/tierbook-rollup-$rollup.log
want="rollup: $BOOKS books → $out/portfolio.xlsx: $BOOKS reported, 0 failed"
if [[ $(cat "$rollup_log" 2>/dev/null) != "$want" ]]; then
    say "roll-up: expected '$want', got '$(cat "$rollup_log" 2>/dev/null || echo "no log")'"
    problems=$((problems + 1))
fi
reports=$(find "$out" -name '*.tiers.xlsx' | wc -l)
say "$reports reports for $BOOKS books; roll-up: $(cat "$rollup_log" 2>/dev/null)"
for ((k = 1; k <= SHARDS; k++)); do
    say "shard $k: $(grep 'tierbook batch: end' "$work/logs/tierbook-batch-${batch}_$k.log" | cut -d' ' -f2-)"
done

say "stopping the daemons"
stop_daemons
trap - EXIT
for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
        say "daemon $pid is still running"
        problems=$((problems + 1))
    fi
done
((problems == 0)) || fail "$problems problems (files kept in $work)"
rm -rf "$work"
say "passed: $BOOKS books in $SHARDS shards, every report present, roll-up counted every book, daemons stopped"
