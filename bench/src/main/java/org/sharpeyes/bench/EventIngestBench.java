package org.sharpeyes.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.sharpeyes.sim.device.DevicePublisher;

/**
 * Event-ingest harness: a Mosquitto of its own (set up as the README says) and a real {@code hub.jar} using it. Reports
 * the sustained rate of stored events while publishers push mixed gate and alarm events as fast as the broker takes
 * them (after an unmeasured warm-up of the same), the same for a bare Paho subscriber that stores nothing, in a process of its own like the hub (the ratio is the
 * figure that matters; each step also reports the consumer's CPU per event), and the time
 * from publishing a one-key alarm to its arrival on the live WebSocket under a 5,000 events/s background. Stops by
 * itself.
 */
public final class EventIngestBench {

    private static final Pattern ID = Pattern.compile("\"deviceEventId\":\"lat-(\\d+)\"");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Path dir = Files.createTempDirectory("bench-mqtt");
        Process broker = mosquitto(dir);
        String url = "tcp://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
        try {
            RisingRate rising = new RisingRate(url, codes(), STEP);
            double bare;
            double bareSustained;
            try (BareSubscriber subscriber = BareSubscriber.start(url)) {
                bare = burst(url, events, subscriber::received, "bare-");
                System.out.printf("bare Paho subscriber (counts only), burst: %.0f msgs/s%n", bare);
                bareSustained = RisingRate.sustained(rising.run("bare", FIRST_STEP, GROWTH, LAST_STEP,
                        subscriber::received, subscriber::cpuSeconds));
            }
            try (BenchHub hub = BenchHub.start(jar, "--mqtt.url=" + url)) {
                String admin = hub.login("admin", BenchHub.ADMIN_PASSWORD);
                List<String> gates = register(hub, admin);
                hub.awaitMqttSubscribed();
                double cpuBefore = hub.cpuSeconds();
                long start = System.nanoTime();
                double stored = burst(url, events, () -> storedCount(hub), "ev-");
                double cpu = (hub.cpuSeconds() - cpuBefore) / ((System.nanoTime() - start) / 1e9);
                System.out.printf("hub, burst: %.0f events/s stored (%.2f of the bare subscriber), hub CPU %.2f s/s, "
                        + "peak RSS %.0f MiB%n", stored, stored / bare, cpu, hub.peakRssMib());
                double hubSustained = RisingRate.sustained(rising.run("hub", FIRST_STEP, GROWTH, LAST_STEP,
                        () -> storedCount(hub), hub::cpuSeconds));
                System.out.printf("sustained (highest step kept up with): bare subscriber %,.0f/s, hub %,.0f/s stored "
                        + "(%.2f of the bare subscriber)%n", bareSustained, hubSustained, hubSustained
                        / bareSustained);
                alarmLatency(hub, admin, url, gates);
            }
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static final Duration STEP = Duration.ofSeconds(10);
    /** Low enough for a slow or busy machine; each step 8 % above the last, a fine grain at any rate. */
    private static final int FIRST_STEP = 4_000;
    private static final double GROWTH = 1.08;
    private static final int LAST_STEP = 60_000;

    static Process mosquitto(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nuser "
                + System.getProperty("user.name") + "\nallow_anonymous true\nmax_queued_messages 0\n"
                + "max_inflight_messages 1000\n");
        Process process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return true;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("mosquitto did not start; see " + dir.resolve("mosquitto.log"), e);
        }
        return process;
    }

    private static List<String> register(BenchHub hub, String admin) throws Exception {
        hub.post(admin, "/api/v1/regions", Map.of("code", "510122", "name", "基准县", "kind", "COUNTY"));
        hub.post(admin, "/api/v1/regions", Map.of("code", "510122001", "name", "基准镇", "kind", "TOWNSHIP",
                "parent", "510122"));
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean alarm = i == 19;
            String code = "51012201" + "01" + (alarm ? "134" : "141") + "0" + String.format("%06d", 100 + i);
            hub.post(admin, "/api/v1/points", Map.of("code", code, "name", "设备" + i, "type", alarm ? "ONE_KEY_ALARM"
                    : "BARRIER_GATE", "region", "510122001", "source", "COMMUNITY"));
            codes.add(code);
        }
        return codes;
    }

    static MqttAsyncClient client(String url, String id) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1_000);
        options.setCleanSession(true);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    /** Publishes {@code count} mixed events from two connections as fast as the broker acknowledges them. */
    private static void publish(String url, List<String> codes, int count, String prefix) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int part = t;
            Thread thread = new Thread(() -> {
                try {
                    MqttAsyncClient client = client(url, "bench-pub-" + prefix + part);
                    for (int i = part; i < count; i += 2) {
                        String code = codes.get(i % codes.size());
                        boolean alarm = code.substring(10, 13).equals("134");
                        String topic = alarm ? "devices/alarm/" + code + "/sos" : "devices/gate/" + code + "/event";
                        String body = alarm ? "{\"alarmId\":\"" + prefix + i + "\",\"alarmType\":\"TEST\",\"ts\":"
                                + System.currentTimeMillis() + "}" : "{\"eventId\":\"" + prefix + i + "\",\"event\":"
                                + "\"PASS\",\"direction\":\"IN\",\"plate\":\"川A" + String.format("%05d", i % 100_000)
                                + "\",\"plateColor\":\"blue\",\"time\":\"2026-11-23T08:00:00+08:00\"}";
                        send(client, topic, body.getBytes(StandardCharsets.UTF_8));
                    }
                    for (IMqttDeliveryToken pending : client.getPendingDeliveryTokens()) {
                        pending.waitForCompletion(60_000);
                    }
                    client.disconnect().waitForCompletion(5_000);
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Waits until {@code done} holds or {@code limit} passes; the figures report whatever was reached. */
    static void awaitQuietly(Duration limit, Duration poll, java.util.concurrent.Callable<Boolean> done) {
        try {
            await().atMost(limit).pollInterval(poll).until(done);
        } catch (ConditionTimeoutException e) {
            System.out.println("stopped waiting after " + limit.toSeconds() + " s; the figures below are partial");
        }
    }

    private static void send(MqttAsyncClient client, String topic, byte[] body) throws Exception {
        DevicePublisher.publishAtLeastOnce(client, topic, body);
    }

    /** The benchmark's 20 devices: 19 gates and, last, one alarm box. */
    private static List<String> codes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            codes.add("51012201" + "01" + (i == 19 ? "134" : "141") + "0" + String.format("%06d", 100 + i));
        }
        return codes;
    }

    /** The hub's own counter of stored events (reading it costs the hub nothing, unlike counting rows). */
    private static long storedCount(BenchHub hub) throws Exception {
        java.net.http.HttpResponse<String> metrics = HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(URI.create(hub.base() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers
                .ofString());
        return metrics.body().lines().filter(l -> l.startsWith("hub_events_stored_total")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0L);
    }

    /**
     * Events sent, unmeasured, before each measured run, so that both the hub and the bare subscriber are measured
     * compiled and warm (the figure is the sustained rate) rather than while the JIT is still at work.
     */
    private static int warmUp(int count) {
        return Math.max(20_000, count / 2);
    }

    /**
     * The least time the warm-up lasts, in rounds of {@link #warmUp} events: on a slow 2-core machine the hub's JIT
     * was still compiling (0.6 of a core) 20 s into a steady load, and down to a twentieth of that only after two minutes.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(120);

    /**
     * An unmeasured warm-up burst, then {@code count} events published as fast as the broker takes them: the rate at
     * which {@code consumed} took them, from the first publish to the last one taken.
     */
    private static double burst(String url, int count, java.util.concurrent.Callable<Long> consumed, String prefix)
            throws Exception {
        int warm = warmUp(count);
        long warmStart = System.nanoTime();
        for (int round = 0; round == 0 || System.nanoTime() - warmStart < WARM_UP.toNanos(); round++) {
            long initial = consumed.call();
            publish(url, codes(), warm, prefix + "warm-" + round + "-");
            awaitQuietly(Duration.ofMinutes(5), Duration.ofMillis(50), () -> consumed.call() - initial >= warm);
        }
        System.out.printf("warm-up: %.0f s%n", (System.nanoTime() - warmStart) / 1e9);
        long before = consumed.call();
        long start = System.nanoTime();
        publish(url, codes(), count, prefix);
        double published = (System.nanoTime() - start) / 1e9;
        awaitQuietly(Duration.ofMinutes(10), Duration.ofMillis(50), () -> consumed.call() - before >= count);
        double seconds = (System.nanoTime() - start) / 1e9;
        long took = consumed.call() - before;
        System.out.printf("published %d in %.1f s (%.0f/s); taken %d in %.1f s%n", count, published,
                count / published, took, seconds);
        return took / seconds;
    }

    /** One-key alarm publish → live WebSocket arrival, every 100 ms under a 5,000 events/s background. */
    private static void alarmLatency(BenchHub hub, String admin, String url, List<String> codes) throws Exception {
        String box = codes.get(codes.size() - 1);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(hub.base()
                .replace("http://", "ws://") + "/api/v1/events/live?token=" + admin + "&type=ONE_KEY_ALARM"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        Matcher m = ID.matcher(data);
                        if (m.find()) {
                            Long sent = sentAt.remove(Long.parseLong(m.group(1)));
                            if (sent != null) {
                                latencies.add(now - sent);
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        List<String> gates = codes.subList(0, codes.size() - 1);
        MqttAsyncClient alarms = client(url, "bench-alarms");
        try (GateLoad load = GateLoad.start(url, "bench-background", gates, 5_000)) {
            // Three seconds' worth of background first, so the alarms meet a hub already under load.
            await().atMost(Duration.ofSeconds(30)).until(() -> load.sent() >= 15_000);
            ScheduledExecutorService presses = Executors.newSingleThreadScheduledExecutor();
            AtomicLong pressed = new AtomicLong();
            presses.scheduleAtFixedRate(() -> {
                long n = pressed.getAndIncrement();
                if (n >= 300) {
                    return;
                }
                sentAt.put(n, System.nanoTime());
                MqttMessage message = new MqttMessage(("{\"alarmId\":\"lat-" + n + "\",\"alarmType\":\"SOS\"}")
                        .getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                try {
                    alarms.publish("devices/alarm/" + box + "/sos", message);
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofMinutes(2)).until(() -> pressed.get() >= 300);
            presses.shutdownNow();
            awaitQuietly(Duration.ofSeconds(10), Duration.ofMillis(50), () -> latencies.size() >= 300);
        }
        alarms.disconnect().waitForCompletion(5_000);
        alarms.close();
        socket.abort();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("alarm latency: no alarm arrived on the WebSocket");
            return;
        }
        System.out.printf("alarm publish -> WebSocket under 5,000 events/s: %d of 300 arrived, p50 %.1f ms, p99 "
                + "%.1f ms, max %.1f ms%n", sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }
}
