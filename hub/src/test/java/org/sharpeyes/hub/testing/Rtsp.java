package org.sharpeyes.hub.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test helpers for RTSP: a raw DESCRIBE to read a server's exact answer, and ffprobe as a real client. */
public final class Rtsp {

    private Rtsp() {
    }

    /** Sends one DESCRIBE and returns the response head and body as text. */
    public static String describe(String url) throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.UTF_8);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0 && text.length() - headEnd - 4 >= contentLength(text.substring(0, headEnd))) {
                    return text;
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** What ffprobe (over RTSP/TCP) reports of the streams at {@code url}, as JSON, or its error output. */
    public static String ffprobe(String url) throws IOException, InterruptedException {
        return ffprobe(url, "tcp");
    }

    /** ffprobe over the RTSP lower transport {@code transport} ({@code tcp} or {@code udp}). */
    public static String ffprobe(String url, String transport) throws IOException, InterruptedException {
        return run(url, "ffprobe", "-v", "error", "-rtsp_transport", transport, "-show_entries",
                "stream=codec_name,width,height,sample_rate", "-of", "json", url);
    }

    /**
     * The packets ffprobe reads in the first 3 seconds of each stream at {@code url}, one line per stream:
     * {@code stream|codec_name=aac|nb_read_packets=47}.
     */
    public static String countPackets(String url, String transport) throws IOException, InterruptedException {
        return run(url, "ffprobe", "-v", "error", "-rtsp_transport", transport, "-read_intervals", "%+3",
                "-count_packets", "-show_entries", "stream=codec_name,nb_read_packets", "-of", "compact", url);
    }

    private static String run(String url, String... command) throws IOException, InterruptedException {
        assumeInstalled("ffprobe");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ffprobe did not finish within 60 s for " + url);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Skips the test by name when {@code tool} is missing; fails it under CI, whose machine has it. */
    public static void assumeInstalled(String tool) {
        assumeInstalled(tool, "-version", true);
    }

    /**
     * The same for a tool asked with {@code flag} that may answer with a non-zero exit code (Mosquitto's {@code -h}):
     * with {@code zeroExit} false, starting at all is enough.
     */
    public static void assumeInstalled(String tool, String flag, boolean zeroExit) {
        try {
            Process process = new ProcessBuilder(tool, flag).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0 || !zeroExit) {
                return;
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String message = tool + " is not installed (bash scripts/test-deps.sh installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + ", and CI must have it");
        }
        Assumptions.abort(message + ": skipped");
    }
}
