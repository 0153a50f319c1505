#!/usr/bin/env bash
# Browser tests: Debian's Chromium and the Playwright Python package.
# Playwright's own browser download is never used (no `playwright install`):
# the tests launch /usr/bin/chromium through `executable_path`.
set -euo pipefail
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x /usr/bin/chromium ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
python3 -m pip install --quiet playwright
