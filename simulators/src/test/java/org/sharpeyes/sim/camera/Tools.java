package org.sharpeyes.sim.camera;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import org.junit.jupiter.api.Assumptions;

/** Outside programs a test plays streams with: skipped by name when missing, a failure under CI. */
final class Tools {

    private Tools() {
    }

    static void assumeInstalled(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "-version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed: fall through
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
