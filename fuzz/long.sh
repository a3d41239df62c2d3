#!/usr/bin/env bash
# The long fuzz job (manual, or scheduled: see fuzz/README.md): each target runs SECS seconds
# (600 by default) from the seeds and the committed minimised corpus, then its corpus is
# minimised (cargo fuzz cmin) back into minimised/<target>/. A crash stops the job with the
# input copied into regressions/<target>/, where the smoke test (`cargo test` here) replays it.
#
#   fuzz/long.sh                 # every target, 10 minutes each
#   SECS=60 fuzz/long.sh decode  # one target, one minute
set -euo pipefail
cd "$(dirname "$0")"
secs=${SECS:-600}
targets=("$@")
(( ${#targets[@]} )) || targets=(decode command_parse roundtrip etx model)
if rustup toolchain list | grep -q '^nightly'; then fuzz=(cargo +nightly fuzz); else fuzz=(env RUSTC_BOOTSTRAP=1 cargo fuzz); fi
cargo run -q --locked --bin seeds >/dev/null
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "minimised/$t" "regressions/$t"
  echo "== $t: ${secs}s"
  if ! "${fuzz[@]}" run "$t" "corpus/$t" "minimised/$t" -- -max_total_time="$secs" -max_len=8192 \
      >"logs/$t.log" 2>&1; then
    tail -30 "logs/$t.log"
    for a in artifacts/"$t"/*; do [[ -f $a ]] && cp "$a" "regressions/$t/"; done
    echo "$t: a crash, kept in regressions/$t/: add a test for it in the crate it concerns"
    exit 1
  fi
  grep -E '^Done|^#[0-9]+ *DONE' "logs/$t.log" | tail -1 | sed "s/^/$t: /"
  # Everything found, minimised into the committed corpus.
  cp -n minimised/"$t"/* "corpus/$t/" 2>/dev/null || true
  "${fuzz[@]}" cmin "$t" "corpus/$t" -- -max_len=8192 >"logs/$t.cmin.log" 2>&1
  rm -rf "minimised/$t" && cp -r "corpus/$t" "minimised/$t"
  echo "$t: $(ls "minimised/$t" | wc -l) inputs, $(du -sh "minimised/$t" | cut -f1) minimised"
done
