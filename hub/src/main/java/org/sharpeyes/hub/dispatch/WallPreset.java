package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;
import java.util.List;

/** A saved layout of a wall: its layout and the tiles its own center filled (points and tours), by name. */
public record WallPreset(long wallId, String name, int layout, List<Tile> tiles, String savedBy,
        OffsetDateTime savedAt) {
}
