#!/usr/bin/env bash
# CI: a corpus run on a real Dask cluster (a scheduler and two workers on
# 127.0.0.1) gives the same Parquet tables as the embedded process pool.
#
# Corpus: the 21 PDNC novels and the seed story files in ../shared/data (about
# 1.7 million words). Every step is bounded by `timeout`; the EXIT trap stops
# the scheduler and workers this script started, by their process ids.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"

DATA="$(cd .. && pwd)/shared/data"
ADDRESS=tcp://127.0.0.1:8786
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ficlens-dask.XXXXXX")"
PIDS=()

stop() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do                      # up to 10 s for a clean exit
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.2
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap stop EXIT

# The `dask` extra; until pyproject.toml has it, the packages themselves.
python3 -m pip install -q -e '.[dask]'
python3 -c 'import distributed, pyarrow, duckdb, rich' 2>/dev/null \
    || python3 -m pip install -q 'dask[distributed]>=2024.1' 'pyarrow>=14' 'duckdb>=1.1' 'rich>=13'
python3 -c 'import distributed, pyarrow, duckdb, rich'

if [ ! -d "$DATA/pdnc" ]; then
    echo "dask.sh: $DATA/pdnc is not available; skipped"
    exit 0
fi
INPUTS=("$DATA"/pdnc/*/novel_text.txt "$DATA"/seed)

# Should this script die without its trap (kill -9), the cluster still ends: the
# scheduler after 5 idle minutes, the workers 30 s after losing the scheduler.
dask scheduler --host 127.0.0.1 --port 8786 --no-dashboard --idle-timeout 300 \
    >"$WORK/scheduler.log" 2>&1 &
PIDS+=($!)
for n in 1 2; do
    dask worker "$ADDRESS" --nworkers 1 --nthreads 1 --no-dashboard --death-timeout 30 \
        --name "ci-worker-$n" >"$WORK/worker-$n.log" 2>&1 &
    PIDS+=($!)
done
timeout 90 python3 - "$ADDRESS" <<'PY' || { tail -n 20 "$WORK"/*.log; exit 1; }
import sys, time
from distributed import Client
deadline = time.monotonic() + 60
while True:
    try:
        with Client(sys.argv[1], timeout="5s") as client:
            client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
            print(f"dask.sh: scheduler up with {len(client.scheduler_info()['workers'])} workers")
            break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.5)
PY

echo "dask.sh: corpus on the Dask cluster"
timeout 300 python3 -m ficlens.corpus.commands corpus "${INPUTS[@]}" -o "$WORK/dask" \
    --scheduler "$ADDRESS" --quiet
echo "dask.sh: the same corpus embedded"
timeout 300 python3 -m ficlens.corpus.commands corpus "${INPUTS[@]}" -o "$WORK/embedded" \
    --jobs 2 --quiet

timeout 120 python3 - "$WORK/dask" "$WORK/embedded" <<'PY'
"""The two outputs hold the same rows, whatever the batches and their order."""
import sys
from pathlib import Path

import pyarrow.parquet as pq

from ficlens.corpus.schema import TABLES, TIMING_COLUMNS


def rows(folder: str, table: str) -> list[str]:
    found = []
    for part in sorted((Path(folder) / table).glob("part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            for column in TIMING_COLUMNS.get(table, ()):
                row.pop(column)
            found.append(repr(sorted(row.items())))
    return sorted(found)


dask, embedded = sys.argv[1], sys.argv[2]
for table in TABLES:
    a, b = rows(dask, table), rows(embedded, table)
    if a != b:
        only_dask = sorted(set(a) - set(b))[:1]
        only_embedded = sorted(set(b) - set(a))[:1]
        print(f"dask.sh: first row only on Dask: {str(only_dask)[:600]}")
        print(f"dask.sh: first row only embedded: {str(only_embedded)[:600]}")
        sys.exit(f"dask.sh: table {table} differs: {len(a)} rows on Dask, {len(b)} embedded")
    print(f"dask.sh: {table}: {len(a)} rows, identical")
works = rows(dask, "works")
if len(works) < 21:
    sys.exit(f"dask.sh: only {len(works)} works analysed")
PY
echo "dask.sh: ok"
