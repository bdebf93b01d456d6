#!/usr/bin/env bash
# The system packages the test suite needs beyond Python: Debian's chromium (the browser tests drive
# /usr/bin/chromium through Playwright) and a Java runtime (the Nu HTML Checker, vnu.jar, runs on it).
# As root with apt-get, missing ones are installed; otherwise the run stops at once with the command to run.
set -euo pipefail
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null || missing="$missing default-jre-headless"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "make test: installing the system packages the tests need:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
else
  echo "make test: the tests need the system packages$missing; install them with: sudo apt-get install$missing" >&2
  exit 1
fi
