package org.sharpeyes.hub.registry;

import java.util.Optional;

/** Whether an import keeps the good rows of a file with bad ones, or imports nothing unless every row is good. */
public enum ImportMode {
    PARTIAL, ALL_OR_NOTHING;

    /** Parses the {@code mode} query value: {@code partial} or {@code all-or-nothing}. */
    public static Optional<ImportMode> parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "partial", "best-effort" -> Optional.of(PARTIAL);
            case "all-or-nothing", "all_or_nothing", "atomic" -> Optional.of(ALL_OR_NOTHING);
            default -> Optional.empty();
        };
    }
}
