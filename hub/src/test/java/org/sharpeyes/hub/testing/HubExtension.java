package org.sharpeyes.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real hub for a whole test class, in its own temporary folder, with {@link SmallCounty} registered: use as
 * {@code @RegisterExtension static final HubExtension HUB = new HubExtension();}.
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback {

    private final String[] overrides;
    private Path dir;
    private TestHub hub;
    private ApiClient admin;

    public HubExtension(String... overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("hub-test");
        hub = TestHub.start(dir, overrides);
        admin = hub.admin();
        SmallCounty.register(admin);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        hub.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public TestHub hub() {
        return hub;
    }

    /** A client logged in as the hub-wide admin. */
    public ApiClient admin() {
        return admin;
    }

    /** Registers a point (a {@link SmallCounty} body) as the admin, and gives its code. */
    public String register(java.util.Map<String, Object> point) {
        ApiClient.Reply reply = admin.post("/api/v1/points", point);
        org.assertj.core.api.Assertions.assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) point.get("code");
    }

    /** A client logged in as one of {@link SmallCounty}'s operators. */
    public ApiClient as(String username) {
        return admin.as(username, SmallCounty.PASSWORD);
    }
}
