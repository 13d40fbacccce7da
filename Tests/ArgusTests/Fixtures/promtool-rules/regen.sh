#!/bin/sh
# Regenerate all expected.* files using promtool (Prometheus 2.42, Debian bookworm).
# Usage: ./regen.sh            (regenerate)
#        ./regen.sh --verify   (compare against existing expected files, exit 1 on diff)
#
# corpus/<case>/: runs `promtool test rules $(cat args)` (args defaults to "test.yml")
#                 from inside the case directory.
# check/:         runs `promtool check rules <file>` from inside check/ for every *.yml,
#                 plus the multi-file runs listed in check/multi/*.args
#                 (each .args file holds the argument list, relative to check/).
set -u
cd "$(dirname "$0")" || exit 2
VERIFY=0
[ "${1:-}" = "--verify" ] && VERIFY=1
PROMTOOL=${PROMTOOL:-promtool}
export TZ=UTC LANG=C LC_ALL=C
rc_all=0

# run <outprefix> <dir> <cmd...>
run() {
  prefix=$1; dir=$2; shift 2
  tmp=$(mktemp -d)
  ( cd "$dir" && "$@" >"$tmp/stdout" 2>"$tmp/stderr"; echo $? >"$tmp/exit" )
  ( cd "$dir" && "$@" >"$tmp/txt" 2>&1 )
  for k in stdout stderr exit txt; do
    if [ $VERIFY = 1 ]; then
      if ! cmp -s "$tmp/$k" "$prefix.$k"; then
        echo "DIFF: $prefix.$k"; diff "$prefix.$k" "$tmp/$k" | head -20; rc_all=1
      fi
    else
      cp "$tmp/$k" "$prefix.$k"
    fi
  done
  rm -rf "$tmp"
}

for d in corpus/*/; do
  d=${d%/}
  args="test.yml"
  [ -f "$d/args" ] && args=$(cat "$d/args")
  # shellcheck disable=SC2086
  run "$d/expected" "$d" $PROMTOOL test rules $args
done

for f in check/*.yml; do
  b=$(basename "$f" .yml)
  run "check/expected/$b" check $PROMTOOL check rules "$b.yml"
done
for a in check/multi/*.args; do
  b=$(basename "$a" .args)
  # shellcheck disable=SC2046
  run "check/multi/$b" check $PROMTOOL check rules $(cat "$a")
done

[ $VERIFY = 1 ] && { [ $rc_all = 0 ] && echo "all expected files match"; }
exit $rc_all
