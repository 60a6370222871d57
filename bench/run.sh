#!/usr/bin/env bash
# Benchmark `tierbook run` against the floor program (examples/floor.rs).
#
#   bench/run.sh                  # sizes 10000 100000 1000000
#   bench/run.sh 10000 100000     # chosen sizes (number of clients)
#   RUNS=9 bench/run.sh 10000     # runs per program per size
#   bench/run.sh batch            # the nightly batch: 1,000 books of 350 clients
#   BOOKS=200 bench/run.sh batch  # another number of books
#   NOTE=1000 RUNS=1 bench/run.sh 1048575  # a full sheet, a 1,000-character note on every row
#
# For each size it generates a deterministic book into bench/data/ (once; the
# file name carries a hash of the generator, so a changed generator makes a new
# book), then runs floor and `tierbook run -q` alternately RUNS times each
# (floor, tierbook, floor, tierbook, ...), each under
# `/usr/bin/time -f '%e %M %U %S'`, and prints the median wall time, the peak
# RSS (max over runs), the ratio tierbook / floor, and the same ratio of CPU
# time (user + system), which a busy shared machine disturbs less than wall
# time. See bench/README.md. Not part of `cargo test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DATA=bench/data
mkdir -p "$DATA"

MODE=sizes
if [[ ${1:-} == batch ]]; then
    MODE=batch
    shift
    SIZES=()
elif [[ $# -gt 0 ]]; then
    SIZES=("$@")
else
    SIZES=(10000 100000 1000000)
fi
for n in "${SIZES[@]}"; do
    if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
        echo "bench/run.sh: size must be a positive whole number, not '$n'" >&2
        exit 2
    fi
done

# GNU time: the `time` keyword of bash cannot report peak RSS.
TIME=/usr/bin/time
if [[ ! -x $TIME ]]; then
    echo "bench/run.sh: $TIME is missing; installing the 'time' package" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && apt-get install -y -qq time >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null
    fi
fi

echo "building (cargo build --release --bins --examples)..." >&2
cargo build --release --quiet --bins --examples
BIN=${CARGO_TARGET_DIR:-target}/release
TIERBOOK=$BIN/tierbook
FLOOR=$BIN/examples/floor
GEN=$BIN/examples/make_bench_book

# The generator and the support files it includes: editing any of them makes
# new books rather than silently reusing old ones.
GEN_HASH=$(cat examples/make_bench_book.rs examples/support/*.rs | sha256sum | cut -c1-8)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# median of the numbers on stdin
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) { print v[(NR + 1) / 2] } else { print (v[NR / 2] + v[NR / 2 + 1]) / 2 }
    }'
}
# largest of the numbers on stdin
maximum() {
    sort -g | tail -n 1
}

# measure NAME LOG -- CMD...: run CMD under GNU time, append
# "WALL_SECONDS PEAK_KIB USER_SECONDS SYSTEM_SECONDS" to LOG.
# Returns the command's exit status; its stderr is kept in $WORK/NAME.err.
measure() {
    local name=$1 log=$2
    shift 3
    local tfile="$WORK/$name.time" rc=0
    "$TIME" -f '%e %M %U %S' -o "$tfile" "$@" >/dev/null 2>"$WORK/$name.err" || rc=$?
    if [[ $rc -eq 0 ]]; then
        tail -n 1 "$tfile" >>"$log"
    fi
    return "$rc"
}

load_start=$(cut -d" " -f1-3 /proc/loadavg)
declare -a ROWS=()
if [[ $MODE == batch ]]; then
    # The nightly batch against the floor. BOOKS copies of one 350-client
    # book in 10 advisor folders; `tierbook batch --jobs 2 --force` into an
    # empty folder, against the floor run on every book two at a time
    # (xargs -P 2, no shell in between). Alternating, RUNS times each.
    books=${BOOKS:-1000}
    clients=350
    runs=${RUNS:-3}
    book=$DATA/book-$clients-$GEN_HASH.xlsx
    if [[ ! -f $book ]]; then
        "$GEN" "$book.part.xlsx" "$clients" >&2
        mv "$book.part.xlsx" "$book"
    fi
    inbox=$WORK/inbox
    : >"$WORK/pairs"
    mkdir -p "$WORK/floor-out"
    for ((i = 0; i < books; i++)); do
        folder=$(printf 'advisor%02d' $((i % 10)))
        mkdir -p "$inbox/$folder"
        cp "$book" "$inbox/$folder/book$i.xlsx"
        echo "$inbox/$folder/book$i.xlsx $WORK/floor-out/$folder-book$i.xlsx" >>"$WORK/pairs"
    done
    echo "== batch of $books books of $clients clients" >&2
    : >"$WORK/floor.log"
    : >"$WORK/batch.log"
    for ((i = 1; i <= runs; i++)); do
        rm -rf "$WORK/floor-out"/* "$WORK/out"
        # Wall seconds, then CPU seconds (user + system, children included):
        # on a shared machine the CPU figures are the steadier ones.
        "$TIME" -f '%e %U %S' -o "$WORK/floor.time" xargs -P 2 -n 2 -a "$WORK/pairs" "$FLOOR" >/dev/null 2>"$WORK/floor.err" \
            || { cat "$WORK/floor.err" >&2; exit 1; }
        "$TIME" -f '%e %U %S' -o "$WORK/batch.time" "$TIERBOOK" batch "$inbox" --out "$WORK/out" --jobs 2 --force -q \
            >/dev/null 2>"$WORK/batch.err" || { cat "$WORK/batch.err" >&2; exit 1; }
        tail -n 1 "$WORK/floor.time" | awk '{ print $1, $2 + $3 }' >>"$WORK/floor.log"
        tail -n 1 "$WORK/batch.time" | awk '{ print $1, $2 + $3 }' >>"$WORK/batch.log"
        echo "   run $i/$runs: floor $(tail -n 1 "$WORK/floor.log" | awk '{ printf "%ss (CPU %ss)", $1, $2 }')," \
            "batch $(tail -n 1 "$WORK/batch.log" | awk '{ printf "%ss (CPU %ss)", $1, $2 }')" >&2
    done
    f_med=$(cut -d' ' -f1 "$WORK/floor.log" | median)
    b_med=$(cut -d' ' -f1 "$WORK/batch.log" | median)
    f_cpu=$(cut -d' ' -f2 "$WORK/floor.log" | median)
    b_cpu=$(cut -d' ' -f2 "$WORK/batch.log" | median)
    echo
    echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average $load_start at start, $(cut -d" " -f1-3 /proc/loadavg) at end; commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u +%Y-%m-%dT%H:%MZ)"
    awk -v n="$books" -v r="$runs" -v f="$f_med" -v b="$b_med" -v fc="$f_cpu" -v bc="$b_cpu" 'BEGIN {
        printf "%6s %5s %12s %9s %7s %13s %11s %9s %9s %22s\n", "books", "runs", "floor -P2 s", "batch s", "ratio", "floor CPU s", "batch CPU s", "CPU ratio", "ms/book", "25,000 books (est.)"
        printf "%6d %5d %12.2f %9.2f %7.2f %13.2f %11.2f %9.2f %9.1f %18.1f min\n", n, r, f, b, (f > 0 ? b / f : 0), fc, bc, (fc > 0 ? bc / fc : 0), b * 1000 / n, b * 25000 / n / 60
        printf "at full use of both cores, the batch CPU time gives %.1f min for 25,000 books\n", bc * 25000 / n / 2 / 60
    }'
    exit 0
fi
# NOTE=CHARS: books with a `Note` column holding the same CHARS-long text on
# every row (the generator's --note).
if [[ -n ${NOTE:-} ]] && ! [[ $NOTE =~ ^[0-9]+$ ]]; then
    echo "bench/run.sh: NOTE must be a whole number of characters, not '$NOTE'" >&2
    exit 2
fi
for n in "${SIZES[@]}"; do
    if [[ -n ${NOTE:-} ]]; then
        book=$DATA/book-$n-note$NOTE-$GEN_HASH.xlsx
        note_args=(--note "$NOTE")
    else
        book=$DATA/book-$n-$GEN_HASH.xlsx
        note_args=()
    fi
    if [[ -f $book ]]; then
        echo "== $n clients: using $book" >&2
    else
        echo "== $n clients: generating $book" >&2
        "$GEN" "$book.part.xlsx" "$n" "${note_args[@]}" >&2
        mv "$book.part.xlsx" "$book"
    fi
    if [[ -n ${RUNS:-} ]]; then
        runs=$RUNS
    elif [[ $n -ge 1000000 ]]; then
        runs=3
    else
        runs=5
    fi

    floor_out=$WORK/floor-$n.xlsx
    tier_out=$WORK/tierbook-$n.xlsx
    floor_log=$WORK/floor-$n.log
    tier_log=$WORK/tierbook-$n.log
    : >"$floor_log"
    : >"$tier_log"
    status=ok
    for ((i = 1; i <= runs; i++)); do
        rm -f "$floor_out" "$tier_out"
        if ! measure floor "$floor_log" -- "$FLOOR" "$book" "$floor_out"; then
            echo "floor failed on $book (run $i):" >&2
            cat "$WORK/floor.err" >&2
            status=failed
            break
        fi
        if ! measure tierbook "$tier_log" -- "$TIERBOOK" run "$book" -o "$tier_out" -q; then
            echo "tierbook run failed on $book (run $i):" >&2
            cat "$WORK/tierbook.err" >&2
            status=failed
            break
        fi
        echo "   run $i/$runs: floor $(tail -n 1 "$floor_log" | awk '{ printf "%ss (cpu %.2fs) %.0fMiB", $1, $3 + $4, $2 / 1024 }')," \
            "tierbook $(tail -n 1 "$tier_log" | awk '{ printf "%ss (cpu %.2fs) %.0fMiB", $1, $3 + $4, $2 / 1024 }')" >&2
    done

    if [[ $status == ok ]]; then
        f_med=$(cut -d' ' -f1 "$floor_log" | median)
        t_med=$(cut -d' ' -f1 "$tier_log" | median)
        f_rss=$(cut -d' ' -f2 "$floor_log" | maximum)
        t_rss=$(cut -d' ' -f2 "$tier_log" | maximum)
        f_cpu=$(awk '{ print $3 + $4 }' "$floor_log" | median)
        t_cpu=$(awk '{ print $3 + $4 }' "$tier_log" | median)
        ROWS+=("$(awk -v n="$n" -v r="$runs" -v fm="$f_med" -v tm="$t_med" -v fr="$f_rss" -v tr="$t_rss" -v fc="$f_cpu" -v tc="$t_cpu" 'BEGIN {
            printf "%9d %5d %10.2f %12.2f %7.2f %11.0f %14.0f %12.1f %10.2f %13.2f %9.2f", n, r, fm, tm, (fm > 0 ? tm / fm : 0), fr / 1024, tr / 1024, tm * 1e6 / n, fc, tc, (fc > 0 ? tc / fc : 0)
        }')")
    else
        ROWS+=("$(printf '%9d %5d %s' "$n" "$runs" "FAILED (see the error above)")")
    fi
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    commit="$commit (+ uncommitted changes)"
fi
echo
load_end=$(cut -d" " -f1-3 /proc/loadavg)
echo "machine: $(nproc) CPUs, $cpu; $mem; load average $load_start at start, $load_end at end; $(rustc --version); commit $commit; $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%9s %5s %10s %12s %7s %11s %14s %12s %10s %13s %9s\n' \
    clients runs "floor s" "tierbook s" ratio "floor MiB" "tierbook MiB" "µs/client" "floor cpu" "tierbook cpu" "cpu ratio"
for row in "${ROWS[@]}"; do
    echo "$row"
done
