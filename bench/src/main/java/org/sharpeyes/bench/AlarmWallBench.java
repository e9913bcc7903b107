package org.sharpeyes.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.sim.device.DevicePublisher;

/**
 * Alarm-to-wall harness: a Mosquitto of its own and a real {@code hub.jar}. A school's one-key alarm box publishes an
 * SOS every 500 ms, one alarm at a time, cancelling the previous one first, while gates publish a background of ordinary events; each SOS is timed from its publish to the
 * moment the village center's wall WebSocket shows the alarm's cameras. Reports p50/p99/max, idle and under load.
 */
public final class AlarmWallBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Path dir = Files.createTempDirectory("bench-alarm");
        Process broker = EventIngestBench.mosquitto(dir);
        String url = "tcp://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
        try (BenchHub hub = BenchHub.start(jar, "--mqtt.url=" + url, "--dispatch.escalateSeconds=86400")) {
            String admin = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            hub.post(admin, "/api/v1/regions", Map.of("code", "510122", "name", "基准县", "kind", "COUNTY"));
            hub.post(admin, "/api/v1/regions", Map.of("code", "510122001", "name", "基准镇", "kind", "TOWNSHIP",
                    "parent", "510122"));
            hub.post(admin, "/api/v1/regions", Map.of("code", "510122001001", "name", "基准村", "kind", "VILLAGE",
                    "parent", "510122001"));
            hub.post(admin, "/api/v1/regions", Map.of("code", "510122001001901", "name", "基准小学", "kind", "SCHOOL",
                    "parent", "510122001001"));
            for (int i = 0; i < 4; i++) {
                hub.post(admin, "/api/v1/points", Map.of("code", "51012201011320" + String.format("%06d", 100 + i),
                        "name", "校门" + i, "type", "CAMERA", "region", "510122001001901", "source", "SHARP_EYES",
                        "lat", 30.6 + i * 0.0001, "lon", 104.0, "streamUrl", "rtsp://127.0.0.1:9/none"));
            }
            String box = "51012201011340000001";
            hub.post(admin, "/api/v1/points", Map.of("code", box, "name", "一键报警", "type", "ONE_KEY_ALARM",
                    "region", "510122001001901", "source", "SHARP_EYES", "lat", 30.6, "lon", 104.0));
            List<String> gates = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                String gate = "51012201011410" + String.format("%06d", 200 + i);
                hub.post(admin, "/api/v1/points", Map.of("code", gate, "name", "道闸" + i, "type", "BARRIER_GATE",
                        "region", "510122001001", "source", "COMMUNITY"));
                gates.add(gate);
            }
            hub.post(admin, "/api/v1/operators", Map.of("username", "village-op", "password", "village-pass-1",
                    "center", "510122001001", "role", "OPERATOR"));
            String village = hub.login("village-op", "village-pass-1");
            long wall = hub.get(village, "/api/v1/walls").get(0).get("id").asLong();
            hub.awaitMqttSubscribed();

            // Each press raises exactly one alarm (the CANCEL in between closes it), so wall updates match presses
            // in order, however late one comes.
            AtomicLong sentAt = new AtomicLong();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            String[] lastAlarm = {""};
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(hub.base()
                    .replace("http://", "ws://") + "/api/v1/walls/" + wall + "/live?token=" + village),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                long now = System.nanoTime();
                                try {
                                    JsonNode message = JSON.readTree(text.toString());
                                    String alarm = message.at("/wall/tiles/0/alarmId").asText("");
                                    synchronized (lastAlarm) {
                                        long sent = !alarm.isEmpty() && !alarm.equals(lastAlarm[0])
                                                ? sentAt.getAndSet(0) : 0;
                                        if (sent != 0) {
                                            latencies.add(now - sent);
                                        }
                                        lastAlarm[0] = alarm;
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            MqttAsyncClient alarms = EventIngestBench.client(url, "bench-alarm-box");
            report("idle", run(alarms, box, 60, sentAt, latencies));
            try (GateLoad load = GateLoad.start(url, "bench-alarm-background", gates, background)) {
                // Three seconds' worth of background first, so the alarms meet a hub already under load.
                await().atMost(Duration.ofSeconds(30)).until(() -> load.sent() >= 3L * background);
                report("under " + background + " events/s", run(alarms, box, 120, sentAt, latencies));
            }
            socket.abort();
            alarms.disconnect().waitForCompletion(5_000);
            alarms.close();
        } finally {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Presses the alarm on a 500 ms tick, one alarm at a time: a press waits until the previous one has reached the
     * wall (or 5 s have passed, a miss), and first cancels it, so that each press raises a new alarm.
     */
    private static List<Long> run(MqttAsyncClient client, String box, int count, AtomicLong sentAt,
            List<Long> latencies) throws Exception {
        latencies.clear();
        sentAt.set(0);
        ScheduledExecutorService presses = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger pressed = new AtomicInteger();
        AtomicInteger missed = new AtomicInteger();
        String[] previous = {null};
        try {
            presses.scheduleAtFixedRate(() -> {
                long waiting = sentAt.get();
                if (waiting != 0 && System.nanoTime() - waiting < TimeUnit.SECONDS.toNanos(5)) {
                    return;
                }
                if (waiting != 0 && sentAt.compareAndSet(waiting, 0)) {
                    missed.incrementAndGet();
                }
                if (previous[0] != null) {
                    press(client, box, previous[0], "CANCEL");
                    previous[0] = null;
                }
                if (pressed.get() >= count) {
                    return;
                }
                previous[0] = "b-" + System.nanoTime();
                sentAt.set(System.nanoTime());
                press(client, box, previous[0], "SOS");
                pressed.incrementAndGet();
            }, 0, 500, TimeUnit.MILLISECONDS);
            EventIngestBench.awaitQuietly(Duration.ofSeconds(count * 6L), Duration.ofMillis(50),
                    () -> pressed.get() >= count && sentAt.get() == 0);
        } finally {
            presses.shutdownNow();
            presses.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (previous[0] != null) {
            // Closed, so the next run's first press raises a new alarm instead of joining this one.
            press(client, box, previous[0], "CANCEL");
        }
        if (missed.get() > 0) {
            System.out.println(missed.get() + " alarms did not reach the wall within 5 s");
        }
        return new ArrayList<>(latencies);
    }

    private static void press(MqttAsyncClient client, String box, String id, String type) {
        try {
            DevicePublisher.publishAtLeastOnce(client, "devices/alarm/" + box + "/sos", ("{\"alarmId\":\"" + id
                    + "\",\"alarmType\":\"" + type + "\"}").getBytes(StandardCharsets.UTF_8));
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(String what, List<Long> latencies) {
        if (latencies.isEmpty()) {
            System.out.println("alarm -> wall " + what + ": no alarm reached the wall");
            return;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("alarm publish -> village wall %s: %d alarms, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what,
                sorted.size(), sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1,
                        sorted.size() * 99 / 100)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }
}
