package org.sharpeyes.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's own RTSP server (gst-rtsp-server, through {@code bench/gst/rtsp-serve.py}) as a process: a camera that
 * plays an H.264 file in real time to each session, or a relay that pulls a camera once for all its viewers. The
 * implementation no one here wrote that the hub is measured against.
 */
final class GstRtspServer implements AutoCloseable {

    private static final Path SCRIPT = Path.of("bench/gst/rtsp-serve.py");
    private static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final URI url;

    private GstRtspServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Whether GStreamer's RTSP server and its Python binding are installed ({@code scripts/bench-deps.sh}). */
    static boolean available() {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0'); "
                    + "from gi.repository import GstRtspServer").redirectErrorStream(true).start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0 && Files.exists(SCRIPT);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A camera playing {@code file} (MP4 with H.264) from its start to every session. */
    static GstRtspServer camera(Path file) throws IOException {
        return start("camera", file.toAbsolutePath().toString());
    }

    /** A relay pulling {@code camera} over RTSP/TCP once, shared by every viewer. */
    static GstRtspServer relay(URI camera) throws IOException {
        return start("relay", camera.toString());
    }

    private static GstRtspServer start(String kind, String source) throws IOException {
        Process process = new ProcessBuilder(PYTHON, SCRIPT.toString(), kind, source)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("rtsp://")) {
            process.destroyForcibly();
            throw new IllegalStateException("GStreamer's RTSP server (" + kind + ") did not start: " + first);
        }
        return new GstRtspServer(process, URI.create(first.strip()));
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Makes the camera's file once, under {@code bench/target}: 1280x720, 25 fps, 2 Mbit/s H.264 without B-frames,
     * a key frame every {@code gop} pictures, five minutes of a moving test picture under sensor grain (so the bitrate
     * is really spent), encoded by ffmpeg's x264.
     */
    static Path cameraFile(int gop) throws IOException, InterruptedException {
        Path file = Path.of("bench/target/gst-camera-720p25-2mbps-gop" + gop + ".mp4").toAbsolutePath();
        if (Files.exists(file)) {
            return file;
        }
        Path clip = Files.createTempFile("gst-camera", ".mp4");
        run(List.of("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=25,noise=alls=12:allf=t", "-t", "20", "-c:v", "libx264", "-preset",
                "veryfast", "-profile:v", "main", "-bf", "0", "-g", String.valueOf(gop), "-keyint_min",
                String.valueOf(gop), "-sc_threshold", "0", "-b:v", "2M", "-maxrate", "2M", "-bufsize", "1M",
                "-pix_fmt", "yuv420p", clip.toString()));
        Path part = Path.of(file + ".part");
        run(List.of("ffmpeg", "-y", "-loglevel", "error", "-stream_loop", "14", "-i", clip.toString(), "-c", "copy",
                "-f", "mp4", part.toString()));
        Files.delete(clip);
        Files.move(part, file);
        return file;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
