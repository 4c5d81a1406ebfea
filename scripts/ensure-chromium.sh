#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing and apt is usable; otherwise say why
# the browser tests will skip. Never fails the build.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/vigil-chromium.log 2>&1; then
    echo "chromium installed: $(chromium --version 2>/dev/null)"
    exit 0
  fi
  echo "chromium could not be installed (see /tmp/vigil-chromium.log); browser tests will skip."
  exit 0
fi
echo "chromium is not installed and apt-get is not usable here; browser tests will skip."
exit 0
