#!/usr/bin/env bash
# A whole equity impact review on a fresh database, as a district would run it from the
# command line: set up people, file, assess, get feedback, plan mitigation, sign off, audit.
#
#   bash docs/examples/run-review.sh [EQUILENS_BIN] [DATABASE]
#
# Defaults: build/bin/equilens and build/demo.db (replaced if it exists). Exits non-zero
# at the first step that fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../build/bin/equilens}"
db="${2:-$here/../../build/demo.db}"
answers="$here/bus-routes"
rm -f "$db" "$db-wal" "$db-shm"

run() {
  printf '$ equilens'; printf ' %q' "$@"; printf '\n'
  "$bin" --db "$db" "$@"
}

echo "== set up the district"
run init --admin ada
run --as ada user add dana --role department_head --department transportation --display "Dana Ruiz"
run --as ada user add rey --role cesj_reviewer --display "Rey Okafor"
run --as ada user add sam --role cesj_reviewer --display "Sam Lindqvist"
run --as ada user add lee --role cesj_lead --display "Lee Tran"
run --as ada user add olga --role ombuds --display "Olga Brandt"

echo; echo "== the department files and submits"
id=$("$bin" --db "$db" --as dana file --workflow equity-impact-review \
      --title "Consolidate bus routes 14 and 22" --department transportation \
      --summary "Merge two half-empty afternoon routes at Westside High.")
echo "filed $id"
run --as dana act "$id" submit
run --as rey act "$id" accept --note "In scope: a transportation practice change."

echo; echo "== the department assesses, with data"
run --as dana fill "$id" --answers "$answers/assessment.yaml"
run --as dana data "$id" --csv "$answers/late-arrivals.csv"
run --as dana act "$id" submit

echo; echo "== thought-partner feedback, answered item by item"
run --as sam feedback "$id" add --kind concern --section engagement \
    --text "Ash Ave. families were not asked; say how they will hear about the change."
run --as sam feedback "$id" add --kind suggestion --section implementation \
    --text "Keep a staffed pick-up table at Westside for the first two weeks."
run --as sam act "$id" request_changes --note "Please answer both feedback items."
run --as dana feedback "$id" answer 1 --disposition incorporated \
    --reason "Translated notices and two listening sessions at Ash Ave. (section 5)."
run --as dana feedback "$id" answer 2 --disposition partly_incorporated \
    --reason "A table for the first week; the second week depends on staffing."
run --as dana feedback "$id" list
run --as dana act "$id" submit
run --as sam act "$id" accept

echo; echo "== medium risk: the route asks for a mitigation plan"
run --as dana fill "$id" --answers "$answers/mitigation.yaml"
run --as dana act "$id" submit

echo; echo "== sign-off by the equity lead"
run --as lee fill "$id" --answers "$answers/signoff.yaml"
run --as lee act "$id" approve --note "Adjust: with the Ash Ave. stop."

echo; echo "== after sign-off: the plan's actions are tracked"
run --as dana mitigation "$id" list
run --as dana mitigation "$id" status 1 --status in_progress

echo; echo "== what everyone sees"
run --as dana show "$id"
run --as dana inbox
run --as olga history "$id"
run --as olga audit verify
run --as olga audit head

echo; echo "== documents"
run --as dana report "$id" --format html --out "$(dirname "$db")/statement.html"
run --as olga audit report --from 2000-01-01 --to 2999-12-31 --format md | head -40
