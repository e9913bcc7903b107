package org.sharpeyes.hub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void usesTheDocumentedDefaults() {
        HubConfig config = ConfigLoader.load(List.of(), Map.of()).config();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.rtspPort()).isEqualTo(8554);
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.mqttEmbedded()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.idleCloseSeconds()).isEqualTo(30);
        assertThat(config.escalateSeconds()).isEqualTo(60);
        assertThat(config.faceMatchThreshold()).isEqualTo(0.8);
        assertThat(config.adapters().templates()).containsEntry("gate.alarminfoplate",
                List.of("device/{device}/message/up/ivs_result", "device/{device}/message/up/keep_alive"));
        assertThat(ConfigKeys.DEFAULTS).containsEntry("mqtt.topics.alarm.json", "devices/alarm/{device}/sos")
                .containsEntry("mqtt.commands.gate.json", "devices/gate/{device}/command")
                .containsEntry("mqtt.commands.gate.alarminfoplate", "device/{device}/message/down/gpio_out");
        assertThat(ConfigKeys.environmentName("mqtt.topics.face.gat1400")).isEqualTo("HUB_MQTT_TOPICS_FACE_GAT1400");
    }

    @Test
    void argumentsBeatTheEnvironmentWhichBeatsTheFile() throws IOException {
        Path file = dir.resolve("hub.yaml");
        Files.writeString(file, "http:\n  port: 9000\nrtsp:\n  port: 9554\nmedia:\n  idleCloseSeconds: 5\n");
        ConfigLoader.Launch launch = ConfigLoader.load(List.of("--config=" + file, "--http.port=0", "--demo"),
                Map.of("HUB_HTTP_PORT", "9100", "HUB_RTSP_PORT", "9555", "HUB_DISPATCH_PTZ_LOCK_SECONDS", "15"));
        assertThat(launch.demo()).isTrue();
        assertThat(launch.config().httpPort()).isZero();
        assertThat(launch.config().rtspPort()).isEqualTo(9555);
        assertThat(launch.config().idleCloseSeconds()).isEqualTo(5);
        assertThat(launch.config().ptzLockSeconds()).isEqualTo(15);
    }

    @Test
    void acceptsEnvironmentNamesWithOrWithoutUnderscoresBetweenWords() {
        assertThat(ConfigLoader.load(List.of(), Map.of("HUB_AUTH_ADMINPASSWORD", "from-env-1")).config()
                .adminPassword()).isEqualTo("from-env-1");
        assertThat(ConfigLoader.load(List.of(), Map.of("HUB_AUTH_ADMIN_PASSWORD", "from-env-2")).config()
                .adminPassword()).isEqualTo("from-env-2");
    }

    @Test
    void namesEnvironmentVariablesAfterTheKey() {
        assertThat(ConfigKeys.environmentName("media.idleCloseSeconds")).isEqualTo("HUB_MEDIA_IDLE_CLOSE_SECONDS");
        assertThat(ConfigKeys.environmentName("db.url")).isEqualTo("HUB_DB_URL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--http.port=http       | http.port: must be a port from 0 to 65535 (0 = any free port), got 'http'",
        "--rtsp.port=70000      | rtsp.port: must be a port from 0 to 65535 (0 = any free port), got 70000",
        "--mqtt.embedded=maybe  | mqtt.embedded: must be true or false, got 'maybe'",
        "--mqtt.url=http://x    | mqtt.url: must look like tcp://HOST:PORT or ssl://HOST:PORT",
        "--db.url=mysql://x     | db.url: must be a jdbc:h2: or jdbc:postgresql: URL",
        "--auth.adminPassword=x | auth.adminPassword: must be at least 8 characters",
        "--media.idleCloseSeconds=0 | media.idleCloseSeconds: must be from 1 to 86400, got 0",
        "--htp.port=1           | htp.port: unknown configuration key",
        "--events.faceMatchThreshold=1.5 | events.faceMatchThreshold: must be above 0 and at most 1, got 1.5",
        "--mqtt.topics.gate.json=a/#/{device} | mqtt.topics.gate.json: # may only be the last level",
        "--mqtt.topics.gate.alarminfoplate=p/{device} | mqtt.topics.gate.alarminfoplate: 2 topic(s) expected",
        "--mqtt.commands.gate.json=a/+/{device} | mqtt.commands.gate.json: must be one topic without wildcards",
        "--mqtt.commands.gate.json=a/down | mqtt.commands.gate.json: must be one topic without wildcards",
        "--data.dir=            | data.dir: must not be empty",
        "port=8080              | unknown argument 'port=8080'"})
    void refusesABadValueInOneLineNamingTheKey(String argument, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(argument), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void refusesUnknownKeysAndListsInTheFile() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "http:\n  prot: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config=" + file), Map.of()))
                .hasMessageStartingWith("http.prot: unknown configuration key (in config file");
        Files.writeString(file, "http:\n  port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config=" + file), Map.of()))
                .hasMessageStartingWith("http.port: a single value is expected");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config=" + dir.resolve("none.yaml")), Map.of()))
                .hasMessageContaining("none.yaml");
    }

    @Test
    void readsSeveralPlatformsAboveFromAYamlListArgumentsAndTheEnvironment() throws IOException {
        Path file = dir.resolve("hub.yaml");
        Files.writeString(file, """
                sip:
                  upstream:
                    - id: "51010000002000000001"
                      host: 10.0.0.1
                      catalogRegion: "510122001"
                    - id: "51000000002000000001"
                      host: 10.0.0.2
                      transport: TCP
                      port: 5070
                """);
        List<org.sharpeyes.hub.gb28181.GbUpstreamSettings> upstreams = ConfigLoader.load(List.of("--config=" + file,
                "--sip.upstream[1].password=p2", "--sip.upstream[2].id=52000000002000000001",
                "--sip.upstream[2].host=10.0.0.3"), Map.of("HUB_SIP_UPSTREAM_2_KEEPALIVE_SECONDS", "7"))
                .config().sipUpstreams();
        assertThat(upstreams).extracting(u -> u.id()).containsExactly("51010000002000000001",
                "51000000002000000001", "52000000002000000001");
        assertThat(upstreams.get(0).tcp()).isFalse();
        assertThat(upstreams.get(0).catalogRegion()).isEqualTo("510122001");
        assertThat(upstreams.get(0).domain()).isEqualTo("5101000000");
        assertThat(upstreams.get(1).tcp()).isTrue();
        assertThat(upstreams.get(1).port()).isEqualTo(5070);
        assertThat(upstreams.get(1).password()).isEqualTo("p2");
        assertThat(upstreams.get(2).port()).isEqualTo(5060);
        assertThat(upstreams.get(2).keepaliveSeconds()).isEqualTo(7);
        assertThat(upstreams.get(2).expiresSeconds()).isEqualTo(3600);
        assertThat(ConfigLoader.load(List.of(), Map.of()).config().sipUpstreams()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--sip.upstream[1].host=10.0.0.2|sip.upstream[1].id: must be given",
        "--sip.upstream[8].id=51000000002000000001 --sip.upstream[8].host=h|sip.upstream[8].id: at most 8 platforms",
        "--sip.upstream[1].colour=red|sip.upstream[1].colour: unknown configuration key",
        "--sip.upstream[1].id=51000000002000000001 --sip.upstream[1].transport=sctp"
                + "|sip.upstream[1].host: must be given with sip.upstream[1].id",
        "--sip.upstream[1].id=51000000002000000001 --sip.upstream[1].host=h --sip.upstream[1].transport=sctp"
                + "|sip.upstream[1].transport: must be udp or tcp",
    })
    void refusesABadPlatformAboveNamingItsKey(String arguments, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(List.of(arguments.split(" ")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void takesATenDigitSipDomainAndRefusesAnythingElse() {
        assertThat(ConfigLoader.load(List.of("--sip.domain=3402000000"), Map.of()).config().sipDomain())
                .isEqualTo("3402000000");
        assertThat(ConfigLoader.load(List.of(), Map.of()).config().sipDomain()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--sip.domain=example.org"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage("sip.domain: must be 10 digits, got 'example.org'");
    }

    @Test
    void refusesTwoPlatformsAboveWithOneId() {
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--sip.upstream.id=51000000002000000001",
                "--sip.upstream.host=10.0.0.1", "--sip.upstream[1].id=51000000002000000001",
                "--sip.upstream[1].host=10.0.0.2"), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("sip.upstream[1].id: 51000000002000000001 is already another platform above");
    }
}
