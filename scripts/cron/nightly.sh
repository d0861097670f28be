#!/bin/sh
# exotrace's night: scan every tenant, mail the last day's report to the admins, and on Mondays
# the last week's to management (redacted, PDF attached). Run it from cron or a systemd timer as
# the scanning user, with the secrets in its environment file:
#   15 2 * * * /srv/exotrace/nightly.sh >> /srv/exotrace/nightly.log 2>&1
# The app needs Mail.Send as well as ExchangeMessageTrace.Read.All (README, "Reports for management").
set -u
cd /srv/exotrace || exit 1
. ./exotrace.env
CONFIG=exotrace.config.json
FROM_MAILBOX=exotrace@contoso.example
ADMINS=it-team@contoso.example
MANAGEMENT=cio@contoso.example

npx exotrace scan --config "$CONFIG"
rc=$?
# 0 complete, 3 partial (the report says what is missing), 4 an alert of --fail-on: report anyway.
# 69 (Graph unreachable) and 78 (fix the config or sign-in) leave nothing new to report.
case $rc in 0 | 3 | 4) ;; *) exit $rc ;; esac

today=$(date -u +%Y-%m-%d)
npx exotrace report --config "$CONFIG" --from "$(date -u -d yesterday +%Y-%m-%d)" --to "$today" \
  --mail-to "$ADMINS" --mail-from "$FROM_MAILBOX" || exit $?

if [ "$(date -u +%u)" = 1 ]; then
  npx exotrace report --config "$CONFIG" --from "$(date -u -d '7 days ago' +%Y-%m-%d)" --to "$today" \
    --redact --mail-to "$MANAGEMENT" --mail-from "$FROM_MAILBOX" --mail-pdf || exit $?
fi
exit $rc
