#!/usr/bin/env bash
# Makes sure what the test suite needs beyond Java and Maven is on this machine, installing it where it is not.
# The PostgreSQL server the portability tests use, Mosquitto (the outside broker the event tests start on a port of
# their own), ffmpeg/ffprobe, the real client the media tests play streams
# with, and Chromium with its driver, the real browser that plays the web UI's fragmented MP4. Tests that need either skip by name without it, except under CI=true, where they fail.
set -euo pipefail

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: $1 needs root (apt-get); run as root or install it yourself" >&2
    return 1
  fi
}

postgres_up() {
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
}

if ! command -v ffprobe >/dev/null 2>&1; then
  need_root "ffmpeg" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; }
fi
command -v ffprobe >/dev/null 2>&1 && echo "test-deps: $(ffprobe -version | head -n 1)"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  need_root "chromium" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
fi
command -v chromium >/dev/null 2>&1 && echo "test-deps: $(chromium --version)"

# The web UI speaks Chinese: without a CJK font its screenshots show empty boxes where the words are.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  need_root "a Chinese font" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null; }
fi
fc-list :lang=zh 2>/dev/null | grep -q . && echo "test-deps: a Chinese font: $(fc-list :lang=zh family | head -n 1)"

# docs/tour.sh, the README's tour that TourIT runs, speaks curl, jq and mosquitto_pub.
for tool in curl:curl jq:jq mosquitto_pub:mosquitto-clients; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1; then
    need_root "${tool#*:}" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null; }
  fi
done

# The ONVIF interoperability test calls the camera simulator with zeep, the SOAP stack onvif-zeep is built on
# (PyPI is out of reach from our machines, so Debian's python3-zeep, for Debian's own /usr/bin/python3).
if ! /usr/bin/python3 -c 'import zeep' >/dev/null 2>&1; then
  need_root "python3-zeep" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-zeep >/dev/null; }
fi
/usr/bin/python3 -c 'import zeep; print("test-deps: zeep", zeep.__version__)' 2>/dev/null || true

if [ ! -x /usr/sbin/mosquitto ]; then
  need_root "mosquitto" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >/dev/null; }
fi
[ -x /usr/sbin/mosquitto ] && echo "test-deps: $(/usr/sbin/mosquitto -h | head -n 1)"

if ! postgres_up; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    need_root "PostgreSQL" && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
fi
if postgres_up; then
  echo "test-deps: PostgreSQL is reachable on 127.0.0.1:5432"
else
  echo "test-deps: PostgreSQL is not reachable on 127.0.0.1:5432; its tests will be skipped (or fail under CI)" >&2
fi
