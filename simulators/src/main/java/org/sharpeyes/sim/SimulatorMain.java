package org.sharpeyes.sim;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code simulators.jar}: {@code camera} serves simulated RTSP cameras. */
@Command(name = "simulators.jar", mixinStandardHelpOptions = true, subcommands = SimulatorMain.Camera.class,
        description = "Stand-ins for the devices a county hub talks to.")
public final class SimulatorMain implements Runnable {

    public static void main(String[] args) {
        // Its own name, so the hub (which embeds the simulators for --demo) keeps its logback.xml.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "simulators-logback.xml");
        }
        int exit = new CommandLine(new SimulatorMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** {@code camera}: RTSP cameras at {@code rtsp://HOST:PORT/{anyPointCode}}. */
    @Command(name = "camera", mixinStandardHelpOptions = true,
            description = "Serve rtsp://HOST:PORT/{pointCode}: H.264 showing the point code and a running clock.")
    static final class Camera implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1") String host;
        @Option(names = "--port", defaultValue = "8654") int port;
        @Option(names = "--width", defaultValue = "640") int width;
        @Option(names = "--height", defaultValue = "360") int height;
        @Option(names = "--fps", defaultValue = "25") int fps;
        @Option(names = "--bitrate", defaultValue = "1000000") int bitrate;
        @Option(names = "--gop", defaultValue = "50") int gop;
        @Option(names = "--username", description = "require Digest authentication with this user") String username;
        @Option(names = "--password", defaultValue = "") String password;

        @Override
        public Integer call() throws Exception {
            CameraServer server = new CameraServer(new CameraSettings(width, height, fps, bitrate, gop, username,
                    password));
            var address = server.start(host, port);
            System.out.println("camera simulator: rtsp://" + host + ":" + address.getPort() + "/{pointCode}");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }
}
