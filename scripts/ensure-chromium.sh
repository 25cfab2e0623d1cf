#!/usr/bin/env bash
# The browser tests use Debian's Chromium (Playwright cannot download browsers here). When it is missing, install it
# if this script runs as root; otherwise say what to run, and fail: it never calls sudo (no password prompt in a test
# run, no privileges the caller did not give).
set -euo pipefail
CHROMIUM="${ROLECHECK_CHROMIUM:-/usr/bin/chromium}"   # overridable for the script's own test
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  "$CHROMIUM" --version >&2
  exit 0
fi
cat >&2 <<MSG
The browser tests need Debian's Chromium at $CHROMIUM, and it is not installed.
Install it as an administrator, then run the tests again:

    sudo apt-get update && sudo apt-get install -y chromium

(or run this script as root: bash scripts/ensure-chromium.sh)
MSG
exit 1
