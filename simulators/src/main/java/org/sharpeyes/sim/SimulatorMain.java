package org.sharpeyes.sim;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code simulators.jar}: {@code camera} serves simulated RTSP cameras, {@code onvif} ONVIF cameras
 * with them, {@code devices} publishes as gates, recognizers and alarm boxes to an MQTT broker, {@code gb28181}
 * registers GB/T 28181 devices and NVRs with a hub, {@code gb28181-platform} acts as the platform above a hub.
 */
@Command(name = "simulators.jar", mixinStandardHelpOptions = true, subcommands = {SimulatorMain.Camera.class,
        SimulatorMain.Devices.class, SimulatorMain.Onvif.class, SimulatorMain.Gb28181.class,
        org.sharpeyes.sim.gb28181.PlatformCommand.class},
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

    /** {@code devices}: publish as registered devices, in their dialects, at a rate, for a while. */
    @Command(name = "devices", mixinStandardHelpOptions = true,
            description = "Publish gate passes, plate reads, face captures and alarm drills to an MQTT broker.")
    static final class Devices implements Callable<Integer> {
        @Option(names = "--broker", required = true, description = "e.g. tcp://127.0.0.1:1884") String broker;
        @Option(names = "--devices", required = true, description = "CSV lines code,dialect,login,password")
        java.nio.file.Path devices;
        @Option(names = "--rate", defaultValue = "20", description = "events per second, all devices together")
        int rate;
        @Option(names = "--seconds", defaultValue = "60") int seconds;
        @Option(names = "--scenario", defaultValue = "morning", description = "morning, drill or faults")
        String scenario;
        @Option(names = "--seed", defaultValue = "20261122") long seed;

        @Override
        public Integer call() throws Exception {
            java.util.List<org.sharpeyes.sim.device.SimulatedDevice> list = java.nio.file.Files.readAllLines(devices)
                    .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("code,"))
                    .map(org.sharpeyes.sim.device.SimulatedDevice::parse).toList();
            if (list.isEmpty()) {
                System.err.println("no devices in " + devices);
                return 2;
            }
            org.sharpeyes.sim.device.Scenario run = org.sharpeyes.sim.device.Scenario.of(scenario);
            try (org.sharpeyes.sim.device.DevicePublisher publisher =
                    new org.sharpeyes.sim.device.DevicePublisher(broker, seed)) {
                run.play(publisher, list, rate, java.time.Duration.ofSeconds(seconds), new java.util.Random(seed));
                System.out.println("sent: " + publisher.sent());
            }
            return 0;
        }
    }

    /** {@code gb28181}: GB/T 28181 devices or NVRs that register with a SIP server and stream their channels. */
    @Command(name = "gb28181", mixinStandardHelpOptions = true,
            description = "Register GB/T 28181 devices (NVRs with channels, or cameras) with a SIP server over UDP or "
                    + "TCP: keepalive, catalog, live PS over RTP (UDP or TCP) showing each channel's code and a clock, "
                    + "PTZ, alarms.")
    static final class Gb28181 implements Callable<Integer> {
        @Option(names = "--server", required = true, description = "the hub's SIP address, e.g. 127.0.0.1:5060")
        String server;
        @Option(names = "--server-id", required = true, description = "the hub's 20-digit SIP ID") String serverId;
        @Option(names = "--password", required = true) String password;
        @Option(names = "--devices", defaultValue = "1") int devices;
        @Option(names = "--channels", defaultValue = "4", description = "channels per device (0: a camera)")
        int channels;
        @Option(names = "--first-id", defaultValue = "51012200001180000001",
                description = "the first device's 20-digit ID; the others count up from it") String firstId;
        @Option(names = "--civil-code", defaultValue = "51012201", description = "8-digit civil code of the channels")
        String civilCode;
        @Option(names = "--keepalive-seconds", defaultValue = "60") int keepalive;
        @Option(names = "--catalog-per-message", defaultValue = "20") int perMessage;
        @Option(names = "--codec", defaultValue = "H264", description = "H264 or H265") String codec;
        @Option(names = "--wrong-password", description = "fault: register with a wrong password") boolean wrong;
        @Option(names = "--nat-like", description = "fault: send UDP media from another port than the SDP names")
        boolean natLike;
        @Option(names = "--sound", description = "put a beep in the program stream as G.711 A-law")
        boolean sound;
        @Option(names = "--sip-transport", defaultValue = "udp", description = "udp, or tcp (one connection each)")
        String sipTransport;
        @Option(names = "--without-stream-map", description = "fault: program streams without a stream map (PSM)")
        boolean withoutMap;
        @Option(names = "--stop-keepalives-after", defaultValue = "0",
                description = "fault: stop keepalives after N seconds without unregistering (0: never)")
        int stopKeepalivesAfter;
        @Option(names = "--refuse-subscriptions", description = "answer the hub's alarm SUBSCRIBE 489 Bad Event")
        boolean refuseSubscriptions;
        @Option(names = "--alarm-every", defaultValue = "0",
                description = "raise an alarm on the first channel of each device every N seconds (0: never)")
        int alarmEvery;

        @Override
        public Integer call() throws Exception {
            int colon = server.lastIndexOf(':');
            java.net.InetSocketAddress address = new java.net.InetSocketAddress(server.substring(0, colon),
                    Integer.parseInt(server.substring(colon + 1)));
            CameraServer cameras = new CameraServer(new CameraSettings(640, 360, 25, 1_000_000, 50, null, ""));
            cameras.start("127.0.0.1", 0);
            io.netty.channel.EventLoopGroup loops = org.sharpeyes.adapters.net.Transport.loops(2);
            java.util.List<org.sharpeyes.sim.gb28181.GbDeviceSimulator> started = new java.util.ArrayList<>();
            java.math.BigInteger first = new java.math.BigInteger(firstId);
            org.sharpeyes.adapters.rtp.VideoCodec video = org.sharpeyes.adapters.rtp.VideoCodec.valueOf(
                    codec.toUpperCase(java.util.Locale.ROOT));
            for (int i = 0; i < devices; i++) {
                String id = String.format("%020d", first.add(java.math.BigInteger.valueOf(i)));
                org.sharpeyes.sim.gb28181.GbDeviceSimulator device = new org.sharpeyes.sim.gb28181.GbDeviceSimulator(
                        loops, address, serverId, new org.sharpeyes.sim.gb28181.GbDeviceSimulator.Options(id,
                                wrong ? password + "-wrong" : password, channels, civilCode, keepalive, perMessage))
                        .withCamera(cameras, video).natLike(natLike).withSound(sound).withoutStreamMap(withoutMap)
                        .refusingSubscriptions(refuseSubscriptions).overTcp(sipTransport.equalsIgnoreCase("tcp"));
                device.start();
                started.add(device);
                int status = device.register(3600).get(40, java.util.concurrent.TimeUnit.SECONDS);
                System.out.println("device " + id + ": REGISTER answered " + status + (channels > 0
                        ? ", channels " + device.channelId(1) + " … " + device.channelId(channels) : ""));
                if (status == 200) {
                    device.startKeepalives();
                }
            }
            java.util.concurrent.ScheduledExecutorService alarms =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            if (stopKeepalivesAfter > 0) {
                alarms.schedule(() -> {
                    started.forEach(org.sharpeyes.sim.gb28181.GbDeviceSimulator::stopKeepalives);
                    System.out.println("keepalives stopped");
                }, stopKeepalivesAfter, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (alarmEvery > 0) {
                alarms.scheduleAtFixedRate(() -> started.forEach(d -> d.alarm(d.channelId(1), 1, 2, "模拟报警")),
                        alarmEvery, alarmEvery, java.util.concurrent.TimeUnit.SECONDS);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                alarms.shutdownNow();
                started.forEach(org.sharpeyes.sim.gb28181.GbDeviceSimulator::close);
                loops.shutdownGracefully();
                cameras.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    /** {@code onvif}: ONVIF devices, one per point code, over a camera simulator of their own. */
    @Command(name = "onvif", mixinStandardHelpOptions = true,
            description = "Serve ONVIF devices (discovery, device, media 1 and 2, PTZ, events) for point codes.")
    static final class Onvif implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1") String host;
        @Option(names = "--port", defaultValue = "8680", description = "HTTP port of the ONVIF services")
        int port;
        @Option(names = "--discovery-port", defaultValue = "3702",
                description = "UDP port for unicast WS-Discovery probes") int discoveryPort;
        @Option(names = "--no-multicast", description = "do not answer probes sent to 239.255.255.250:3702")
        boolean noMulticast;
        @Option(names = "--rtsp-port", defaultValue = "8654", description = "port of the camera simulator started")
        int rtspPort;
        @Option(names = "--points", required = true, split = ",",
                description = "point codes, each optionally CODE=name") java.util.List<String> points;
        @Option(names = "--username", defaultValue = "admin") String username;
        @Option(names = "--password", defaultValue = "admin123") String password;
        @Option(names = "--auth", defaultValue = "ANY", description = "TOKEN, DIGEST, ANY or NONE")
        org.sharpeyes.sim.onvif.OnvifSettings.Auth auth;
        @Option(names = "--clock-skew-seconds", defaultValue = "0") long clockSkew;
        @Option(names = "--delay-ms", defaultValue = "0", description = "answer every call this late") long delay;
        @Option(names = "--fault", split = ",", description = "operations answered with a fault") java.util.Set<String>
                faults = new java.util.HashSet<>();
        @Option(names = "--motion-every", defaultValue = "0", description = "raise motion every N seconds (0: never)")
        int motionEvery;
        @Option(names = "--tamper-every", defaultValue = "0",
                description = "raise tamper every N seconds, ended a second later (0: never)") int tamperEvery;

        @Override
        public Integer call() throws Exception {
            CameraServer cameras = new CameraServer(new CameraSettings(640, 360, 25, 1_000_000, 50, null, ""));
            var rtsp = cameras.start(host, rtspPort);
            org.sharpeyes.sim.onvif.OnvifSettings settings = org.sharpeyes.sim.onvif.OnvifSettings
                    .of(username, password).withAuth(auth).withClockSkew(java.time.Duration.ofSeconds(clockSkew))
                    .withDelay(java.time.Duration.ofMillis(delay)).withFaults(faults);
            org.sharpeyes.sim.onvif.OnvifSimulator onvif = new org.sharpeyes.sim.onvif.OnvifSimulator(settings,
                    cameras, "rtsp://" + host + ":" + rtsp.getPort(), 640, 360);
            for (String point : points) {
                int eq = point.indexOf('=');
                String code = (eq < 0 ? point : point.substring(0, eq)).strip();
                onvif.add(code, eq < 0 ? "Camera " + code : point.substring(eq + 1).strip());
            }
            var address = onvif.start(host, port, discoveryPort, !noMulticast);
            for (String point : points) {
                String code = (point.contains("=") ? point.substring(0, point.indexOf('=')) : point).strip();
                System.out.println("onvif simulator: " + onvif.deviceUrl(code));
            }
            System.out.println("onvif simulator: discovery on udp " + host + ":" + onvif.discoveryPort()
                    + (onvif.multicast() ? " and 239.255.255.250:3702" : "") + ", http port " + address.getPort());
            java.util.concurrent.ScheduledExecutorService motion = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor();
            if (motionEvery > 0) {
                motion.scheduleAtFixedRate(() -> points.forEach(p -> onvif.raise((p.contains("=")
                        ? p.substring(0, p.indexOf('=')) : p).strip(), org.sharpeyes.sim.onvif.OnvifSimulator.Event
                        .MOTION, true)), motionEvery, motionEvery, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (tamperEvery > 0) {
                motion.scheduleAtFixedRate(() -> points.forEach(p -> {
                    String code = (p.contains("=") ? p.substring(0, p.indexOf('=')) : p).strip();
                    onvif.raise(code, org.sharpeyes.sim.onvif.OnvifSimulator.Event.TAMPER, true);
                    motion.schedule(() -> onvif.raise(code, org.sharpeyes.sim.onvif.OnvifSimulator.Event.TAMPER,
                            false), 1, java.util.concurrent.TimeUnit.SECONDS);
                }), tamperEvery, tamperEvery, java.util.concurrent.TimeUnit.SECONDS);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                motion.shutdownNow();
                onvif.close();
                cameras.close();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }
}
