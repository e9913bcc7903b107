package org.sharpeyes.hub.dispatch;

import java.util.List;
import java.util.Set;

/** A video wall of a center: its layout (how many tiles) and what each tile shows; version grows with each change. */
public record Wall(long id, String centerCode, String name, int layout, long version, List<Tile> tiles) {

    /** The layouts a wall may take: up to 5 × 5, which a county's wall of 1080p screens shows at 384 × 216 each. */
    public static final Set<Integer> LAYOUTS = Set.of(1, 4, 6, 9, 16, 25);
    /** The most tiles a wall has. */
    public static final int MAX_TILES = 25;

    public Tile tile(int number) {
        return tiles.get(number - 1);
    }

    public boolean shows(String pointCode) {
        return tiles.stream().anyMatch(tile -> tile.shows(pointCode));
    }
}
