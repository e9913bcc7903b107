package org.sharpeyes.hub.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.sharpeyes.hub.app.StartupException;

/**
 * The hub's own MQTT client id: random, made once and kept in {@code data.dir}, so its broker session survives
 * restarts while nobody can compute it (a device connecting with it would knock the hub off the broker).
 */
public final class HubClientId {

    private static final String FILE = "mqtt-client-id";
    private static final Pattern SHAPE = Pattern.compile("sharp-eyes-hub-[0-9a-f]{32}");

    private HubClientId() {
    }

    /** The id kept in {@code dataDir}, made now when there is none (or what is there is not one). */
    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (SHAPE.matcher(kept).matches()) {
                    return kept;
                }
            }
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String id = "sharp-eyes-hub-" + HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            return id;
        } catch (IOException e) {
            throw new StartupException("the hub's MQTT client id cannot be kept in " + file + ": " + e.getMessage(), e);
        }
    }
}
