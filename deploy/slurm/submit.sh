#!/usr/bin/env bash
# Submits one night to Slurm: the batch as a job array of N shards, and the
# roll-up once every shard has succeeded. Prints the two job ids.
#
#   INBOX=/srv/books OUT=/srv/reports deploy/slurm/submit.sh [N] [extra sbatch options...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${INBOX:?set INBOX}" "${OUT:?set OUT}"
n=${1:-4}
shift || true
batch=$(sbatch --parsable --array="1-$n" --export=ALL "$@" "$here/batch.sbatch")
batch=${batch%%;*}
rollup=$(sbatch --parsable --dependency="afterok:$batch" --kill-on-invalid-dep=yes --export=ALL "$here/rollup.sbatch")
echo "$batch $rollup"
