package org.sharpeyes.hub.dispatch;

import java.util.List;
import java.util.Set;

/** A video wall of a center: its layout (how many tiles) and what each tile shows; version grows with each change. */
public record Wall(long id, String centerCode, String name, int layout, long version, List<Tile> tiles) {

    /** The layouts a wall may take. */
    public static final Set<Integer> LAYOUTS = Set.of(1, 4, 6, 9, 16);

    public Tile tile(int number) {
        return tiles.get(number - 1);
    }

    public boolean shows(String pointCode) {
        return tiles.stream().anyMatch(tile -> tile.shows(pointCode));
    }
}
