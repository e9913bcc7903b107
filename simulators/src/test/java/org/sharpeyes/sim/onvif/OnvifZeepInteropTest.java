package org.sharpeyes.sim.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/**
 * The ONVIF simulator as a client no one here wrote sees it: Python's zeep (the SOAP stack of onvif-zeep) with its
 * own WS-UsernameToken digest calls GetDeviceInformation, GetProfiles, GetStreamUri and ContinuousMove, and the
 * move shows in the camera's position. Skipped by name without zeep, a failure under CI.
 */
class OnvifZeepInteropTest {

    private static final String CODE = "51012201011320000001";
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void zeepReadsTheDeviceItsProfilesAndStreamAndMovesTheCamera() throws Exception {
        assumeZeep();
        Path wsdl = copy("onvif-min.wsdl");
        Path script = copy("onvif_interop.py");
        try (CameraServer cameras = new CameraServer(new CameraSettings(320, 180, 25, 300_000, 25, null, ""));
                OnvifSimulator onvif = new OnvifSimulator(OnvifSettings.of("admin", "zeep-pw-1")
                        .withAuth(OnvifSettings.Auth.TOKEN), cameras, "rtsp://127.0.0.1:8654", 320, 180)
                        .add(CODE, "互通测试")) {
            onvif.start("127.0.0.1", 0, 0, false);
            String device = onvif.deviceUrl(CODE);
            String base = device.substring(0, device.lastIndexOf('/'));
            int pan = cameras.ptz(CODE).pan();
            List<String> out = run(PYTHON, script.toString(), wsdl.toString(), device, base + "/media_service",
                    base + "/ptz_service", "admin", "zeep-pw-1");
            assertThat(out).contains("device SharpEyes Sim | SE-PTZ-SIM | SIM" + CODE, "profiles main",
                    "stream rtsp://127.0.0.1:8654/" + CODE, "moved");
            assertThat(cameras.ptz(CODE).pan()).isNotEqualTo(pan);
            List<String> refused = run(PYTHON, script.toString(), wsdl.toString(), device, base + "/media_service",
                    base + "/ptz_service", "admin", "not-it");
            assertThat(String.join("\n", refused)).contains("Sender not Authorized");
        }
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/onvif-interop/" + name)) {
            Path file = dir.resolve(name);
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).lines().toList());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("zeep did not finish in 60 s: " + lines);
        }
        return lines;
    }

    private static void assumeZeep() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import zeep").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // no Python there: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String message = "zeep for " + PYTHON + " is not installed (bash scripts/test-deps.sh installs python3-zeep)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + ", and CI must have it");
        }
        Assumptions.abort(message + ": skipped");
    }
}
