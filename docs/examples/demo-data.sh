#!/usr/bin/env bash
# A demo district for the web application: the shipped workflows, one user of each role
# with a password, and initiatives at different stages (one through sign-off, one in
# assessment, one waiting for feedback, one waiting for sign-off, one draft).
#
#   bash docs/examples/demo-data.sh [EQUILENS_BIN] [DATABASE] [PASSWORDS_FILE]
#
# Each user's password is random and written to PASSWORDS_FILE (default DATABASE.passwords,
# mode 600) and printed. EQUILENS_DEMO_PASSWORD, when set, gives every user that password
# instead (the browser tests use it). Replaces DATABASE if it exists.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../build/bin/equilens}"
db="${2:-$here/../../build/demo.db}"
passwords="${3:-$db.passwords}"
answers="$here/bus-routes"

# The review walked through step by step (users, one initiative through sign-off).
bash "$here/run-review.sh" "$bin" "$db" >/dev/null

eq() { "$bin" --db "$db" "$@"; }

eq --as ada user add nora --role department_head --department nutrition --display "Nora Haddad" >/dev/null

# Where each person's notifications would go (docs/notifications.md); sam takes the digest.
for user in ada dana nora rey sam lee olga; do
  eq --as ada user mail "$user" --email "$user@district.example" >/dev/null
done
eq --as ada user mail sam --notify digest >/dev/null

# A low-risk assessment: the same answers with the risk level lowered.
low_risk="$(mktemp)"
trap 'rm -f "$low_risk"' EXIT
sed 's/^risk_level: medium/risk_level: low/' "$answers/assessment.yaml" >"$low_risk"

# In assessment: accepted at intake, the department has not written its assessment yet.
id=$(eq --as dana file --workflow equity-impact-review --department transportation \
  --title "Later start for high schools" \
  --summary "Move the high school bell from 7:35 to 8:30 and re-tier the bus runs.")
eq --as dana act "$id" submit >/dev/null
eq --as rey act "$id" accept >/dev/null

# Waiting for feedback: assessed with data and submitted.
id=$(eq --as nora file --workflow equity-impact-review --department nutrition \
  --title "Breakfast in the classroom at six elementary schools" \
  --summary "Serve breakfast in homerooms instead of the cafeteria before the bell.")
eq --as nora act "$id" submit >/dev/null
eq --as rey act "$id" accept >/dev/null
eq --as nora fill "$id" --answers "$answers/assessment.yaml" >/dev/null
eq --as nora data "$id" --csv "$answers/late-arrivals.csv" >/dev/null
eq --as nora act "$id" submit >/dev/null
eq --as sam feedback "$id" add --kind question --section data \
  --text "Which schools' attendance figures are these, and for which year?" >/dev/null

# Waiting for sign-off: low risk, accepted after feedback.
id=$(eq --as dana file --workflow equity-impact-review --department transportation \
  --title "Electronic bus passes for middle schools" \
  --summary "Replace paper passes with cards that also work on city buses.")
eq --as dana act "$id" submit >/dev/null
eq --as rey act "$id" accept >/dev/null
eq --as dana fill "$id" --answers "$low_risk" >/dev/null
eq --as dana act "$id" submit >/dev/null
eq --as sam act "$id" accept >/dev/null

# A draft, not yet submitted.
eq --as nora file --workflow equity-impact-review --department nutrition \
  --title "Summer meal sites at libraries" \
  --summary "Add four public library branches as summer meal sites." >/dev/null

# Passwords, one per user.
umask 077
: >"$passwords"
while read -r user role; do
  password="${EQUILENS_DEMO_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 16)}"
  printf '%s\n' "$password" | eq --as ada user passwd "$user" >/dev/null
  printf '%-5s %-16s %s\n' "$user" "$role" "$password" >>"$passwords"
done <<'USERS'
ada admin
dana department_head
nora department_head
rey cesj_reviewer
sam cesj_reviewer
lee cesj_lead
olga ombuds
USERS

echo "demo database: $db"
echo "users, roles and passwords (also in $passwords):"
sed 's/^/  /' "$passwords"
