package org.sharpeyes.hub.registry;

import java.util.List;

/**
 * What an import did: how many points it added, and each row it refused with the line it starts on, the first
 * field that is wrong and why.
 */
public record ImportResult(int imported, List<Rejection> rejected, int rows, String encoding,
        List<String> ignoredColumns) {

    /** One refused row. */
    public record Rejection(int line, String field, String message) {
    }
}
