#!/usr/bin/python3
"""An RTSP server from GStreamer's own gst-rtsp-server, for benchmarks: a camera that plays an H.264 file, or a relay
that pulls a camera once and shares it with every viewer.

    rtsp-serve.py camera FILE.mp4      each session plays the file from its start, in real time
    rtsp-serve.py relay rtsp://…       one shared pull, as a relay does

Listens on a free port of 127.0.0.1 and prints "rtsp://127.0.0.1:PORT/stream" once it does; stops with its stdin.
"""
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("camera", "relay"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, source = sys.argv[1], sys.argv[2]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    factory = GstRtspServer.RTSPMediaFactory()
    if kind == "camera":
        factory.set_launch(f"( filesrc location={source} ! qtdemux ! h264parse ! "
                           "rtph264pay name=pay0 pt=96 config-interval=-1 )")
        factory.set_shared(False)
    else:
        factory.set_launch(f"( rtspsrc location={source} protocols=tcp latency=0 ! rtph264depay ! h264parse ! "
                           "rtph264pay name=pay0 pt=96 config-interval=-1 )")
        factory.set_shared(True)
    server.get_mount_points().add_factory("/stream", factory)
    server.attach(None)
    print(f"rtsp://127.0.0.1:{server.get_bound_port()}/stream", flush=True)
    loop = GLib.MainLoop()
    threading.Thread(target=lambda: (sys.stdin.read(), GLib.idle_add(loop.quit)), daemon=True).start()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
