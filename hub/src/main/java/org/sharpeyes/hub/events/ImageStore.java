package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plate and face images from device payloads, stored once by content (SHA-256) under {@code data.dir/images}; an
 * image over the size limit is dropped with a counted warning and its event kept.
 */
public final class ImageStore {

    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    private final Path root;
    private final int maxBytes;
    private final Counter oversize;
    private final Counter stored;

    public ImageStore(Path root, int maxBytes, MeterRegistry metrics) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.oversize = Counter.builder("hub.events.images.oversize")
                .description("device images dropped for being over the size limit").register(metrics);
        this.stored = Counter.builder("hub.events.images.stored").description("device images written")
                .register(metrics);
    }

    /** Stores {@code image} and returns its reference (its SHA-256 in hex and a type, {@code 3fa4….jpg}), or empty when it was too large. */
    public Optional<String> store(byte[] image, String pointCode) throws IOException {
        if (image.length > maxBytes) {
            oversize.increment();
            LOG.warn("image of {} bytes from point {} dropped: over the {} byte limit", image.length, pointCode,
                    maxBytes);
            return Optional.empty();
        }
        String hex = sha256(image);
        String name = hex + extension(image);
        Path file = root.resolve(hex.substring(0, 2)).resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), hex, ".part");
            Files.write(temporary, image);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            stored.increment();
        }
        return Optional.of(name);
    }

    /** The file of a reference this store gave, or empty for anything else (no path tricks). */
    public Optional<Path> file(String reference) {
        if (!reference.matches("[0-9a-f]{64}\\.(jpg|png|bin)")) {
            return Optional.empty();
        }
        Path file = root.resolve(reference.substring(0, 2)).resolve(reference);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static String extension(byte[] image) {
        if (image.length > 3 && (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8) {
            return ".jpg";
        }
        if (image.length > 8 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G') {
            return ".png";
        }
        return ".bin";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
