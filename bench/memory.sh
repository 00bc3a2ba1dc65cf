#!/usr/bin/env bash
# Issue 4's memory target: the peak working set while training wide128 stays under 1.5x the data set plus the model
# (`byte_data_model_bytes` of `backprop bench`: the data at one byte a pixel, as in its files; the tool holds it packed,
# in less). Builds the JIT tool and the Native AOT binary, runs
# `bench --config wide128` with each by turns, ROUNDS rounds, and prints the medians of peak_working_set_bytes against
# 1.5x data + model, and examples/second beside them. Exits 1 when either build's wide128 median is over the target.
#
# usage: bench/memory.sh               from anywhere in the repository
# env:   ROUNDS=3                      alternating rounds
#        THREADS=1                     --threads of the bench
#        CONFIGS=wide128               also time other configurations the same way, e.g. "wide128 relu128 nielsen1 nielsen3 infer1000"
#        OUT=/tmp/backprop-memory      builds and raw JSON lines
# Needs: dotnet, gcc (Native AOT links with it), python3, Fashion-MNIST in /usr/share/datasets/fashion-mnist
# (apt-get install dataset-fashion-mnist). The AOT publish takes ~35 s on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
threads=${THREADS:-1}
configs=${CONFIGS:-wide128}
out=${OUT:-/tmp/backprop-memory}
mkdir -p "$out"
: > "$out/rows.jsonl"

echo "building the JIT tool and the Native AOT binary…" >&2
dotnet build "$root/src/Backprop.Cli" -c Release -o "$out/jit" -nologo -v q >"$out/jit-build.log" 2>&1 || { cat "$out/jit-build.log"; exit 1; }
dotnet publish "$root/src/Backprop.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -nologo -v q >"$out/aot-build.log" 2>&1 \
  || { cat "$out/aot-build.log"; exit 1; }

for r in $(seq 1 "$rounds"); do
  for c in $configs; do
    for who in jit aot; do
      echo "round $r: $c, $who" >&2
      if [[ $who == jit ]]; then cmd=(dotnet "$out/jit/Backprop.Cli.dll"); else cmd=("$out/aot/Backprop.Cli"); fi
      "${cmd[@]}" bench --config "$c" --threads "$threads" 2>/dev/null | grep '^{' \
        | python3 -c "import json,sys; d=json.loads(sys.stdin.read()); d['who']='$who'; d['round']=$r; print(json.dumps(d))" >> "$out/rows.jsonl"
    done
  done
done

python3 - "$out/rows.jsonl" "$rounds" "$threads" <<'PY'
import json, sys, statistics as st
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rounds, threads = sys.argv[2], sys.argv[3]
def of(who, c, key): return [r[key] for r in rows if r["who"] == who and r["config"] == c]
print(f"medians of {rounds} alternating rounds, {threads} thread(s); by round in brackets\n")
print("| configuration | build | peak working set | / data + model | target 1.5x | examples/s |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
over = False
for c in dict.fromkeys(r["config"] for r in rows):
    for who in ("jit", "aot"):
        peaks, speeds, stored = of(who, c, "peak_working_set_bytes"), of(who, c, "examples_per_second"), of(who, c, "byte_data_model_bytes")
        if not peaks: continue
        peak, target = st.median(peaks), 1.5 * stored[0]
        met = "met" if peak <= target else "missed"
        if c == "wide128" and peak > target: over = True
        print(f"| {c} | {who.upper()} | {peak / 1e6:.1f} MB ({', '.join(f'{p / 1e6:.1f}' for p in peaks)}) | {peak / stored[0]:.2f}x "
              f"| {target / 1e6:.1f} MB: {met} | {st.median(speeds):,.0f} ({', '.join(f'{s / 1e3:.0f}k' for s in speeds)}) |")
sys.exit(1 if over else 0)
PY
