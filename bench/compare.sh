#!/usr/bin/env bash
# Speed comparison with the TorchSharp peer (issue 4): builds both, runs `backprop bench` and the peer alternately,
# ROUNDS rounds at each thread count, and prints the medians as a Markdown table (the README's "Speed" section).
#
# usage: bench/compare.sh              from the repository root
# env:   ROUNDS=3                      alternating rounds per configuration and thread count
#        THREADS="1 2"                 thread counts
#        PEER=../shared/tools/peers/torchsharp-mlp
#        OUT=/tmp/backprop-compare     raw JSON lines
#        CONFIGS="relu128 wide128"     a subset of the configurations (default: all)
# Needs: dotnet, jq, python3, Fashion-MNIST in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist).
# The peer's figure is its epoch 2 of 2 (warmed up); ours is the median of 3 epochs after one warm-up epoch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
threads_list=${THREADS:-1 2}
peer=${PEER:-$root/../shared/tools/peers/torchsharp-mlp}
out=${OUT:-/tmp/backprop-compare}
mkdir -p "$out"
: > "$out/rows.jsonl"

echo "building backprop and the peer…" >&2
dotnet build "$root/src/Backprop.Cli" -c Release -o "$out/cli" -nologo -v q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
(cd "$peer" && dotnet build -c Release -nologo -v q) >"$out/peer-build.log" 2>&1 || { cat "$out/peer-build.log"; exit 1; }
ours="$out/cli/Backprop.Cli"
theirs="$peer/bin/Release/net10.0/torchsharp-mlp.dll"

declare -A peer_args=(
  [nielsen1]="--layers 784,30,10 --act sigmoid --cost quadratic --batch 10 --lr 3.0"
  [nielsen3]="--layers 784,100,10 --act sigmoid --cost ce --batch 10 --lr 0.5 --l2 5.0"
  [relu128]="--layers 784,100,10 --act relu --cost nll --batch 128 --lr 0.1"
  [wide128]="--layers 784,256,128,10 --act relu --cost nll --batch 128 --lr 0.1"
  [infer1000]="--layers 784,100,10 --act relu --cost nll --batch 128 --lr 0.1 --infer-batch 1000 --infer-reps 5")
configs=${CONFIGS:-nielsen1 nielsen3 relu128 wide128 infer1000 infer1}

for r in $(seq 1 "$rounds"); do
  for t in $threads_list; do
    for c in $configs; do
      echo "round $r, $t thread(s): $c" >&2
      if [[ -n ${peer_args[$c]:-} ]]; then
        dotnet "$theirs" ${peer_args[$c]} --epochs 2 --threads "$t" 2>/dev/null > "$out/peer.json"
        if [[ $c == infer* ]]; then grep inference_batch "$out/peer.json"; else grep '"epoch":2' "$out/peer.json"; fi \
          | jq -c --arg c "$c" --argjson t "$t" '{who:"torchsharp", config:$c, threads:$t, eps:.samples_per_second, others:(.others_cores // null)}' >> "$out/rows.jsonl"
      fi
      "$ours" bench --config "$c" --threads "$t" 2>/dev/null | grep '^{' \
        | jq -c --argjson t "$t" '{who:"backprop", config:.config, threads:$t, eps:.examples_per_second, us:.us_per_example, acc:.test_accuracy, gflops:.gflops, peak:.peak_fraction, ws:.peak_working_set_ratio, wsb:(.peak_working_set_bytes / .byte_data_model_bytes)}' >> "$out/rows.jsonl"
    done
  done
done

python3 - "$out/rows.jsonl" "$rounds" <<'PY'
import json, sys, statistics as st, datetime, platform, os, subprocess
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(who, c, t, key="eps"):
    v = [r[key] for r in rows if r["who"] == who and r["config"] == c and r["threads"] == t and r.get(key) is not None]
    return st.median(v) if v else None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"Measured {datetime.date.today()} on {cpu}, {os.cpu_count()} cores, Fashion-MNIST (60,000 training examples); "
      f"medians of {sys.argv[2]} alternating runs (`bench/compare.sh`).\n")
print("| configuration | threads | backprop ex/s | TorchSharp ex/s | ratio | backprop GFLOP/s (share of FMA peak) | note |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
threads = sorted({r["threads"] for r in rows})
for c in ["nielsen1", "nielsen3", "relu128", "wide128", "infer1", "infer1000"]:
    for t in threads:
        a, b = med("backprop", c, t), med("torchsharp", c, t)
        if a is None: continue
        g, p = med("backprop", c, t, "gflops"), med("backprop", c, t, "peak")
        note = ""
        if c == "infer1": note = f"{med('backprop', c, t, 'us'):.2f} µs per example"
        if c == "wide128": note = (f"peak working set {med('backprop', c, t, 'ws'):.2f}× data (as float32) + model, "
                                   f"{med('backprop', c, t, 'wsb'):.2f}× data (a byte a pixel) + model")
        ratio = f"{a / b:.1f}×" if b else "–"
        print(f"| {c} | {t} | {a:,.0f} | {f'{b:,.0f}' if b else '–'} | {ratio} | {g:.1f} ({p:.0%}) | {note} |")
PY
