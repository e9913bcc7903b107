#!/usr/bin/env bash
# Installs what the benchmarks compare the hub with, where it is missing: GStreamer's RTSP server (gst-rtsp-server
# through python3-gi, run by bench/gst/rtsp-serve.py as a camera and as a relay) with its H.264 and RTSP plugins, and
# ffmpeg, which makes the camera's H.264 file. The harnesses skip, by name, a comparison whose tools are absent.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "bench-deps: installing needs root (apt-get); run as root or install the packages named here yourself" >&2
  exit 1
fi

have_gst() {
  /usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer" \
    2>/dev/null && command -v gst-inspect-1.0 >/dev/null && gst-inspect-1.0 rtspsrc >/dev/null 2>&1
}

if ! have_gst || ! command -v ffmpeg >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-tools \
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-rtsp ffmpeg >/dev/null
fi
have_gst && echo "bench-deps: $(gst-inspect-1.0 --version | head -n 1), gst-rtsp-server for /usr/bin/python3"
echo "bench-deps: $(ffmpeg -version | head -n 1)"
