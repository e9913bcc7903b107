package org.sharpeyes.hub.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The centers' video walls, in memory and written through to the database. Every change bumps the wall's version
 * and reaches the listeners (the wall WebSockets) at once. A point on a center's wall is visible to that center
 * while it stays there: that is how pushing video down grants a lower center its scope. Tours advance on
 * {@link #tick()}, driven by the hub's scheduler.
 */
public final class Walls {

    private static final Logger LOG = LoggerFactory.getLogger(Walls.class);
    private static final int DEFAULT_LAYOUT = 4;
    static final String DEFAULT_NAME = "主屏";

    /** Where a pushed or alarm point landed. */
    public record Placement(Wall wall, int tile) {
    }

    private record TourClock(int index, long nextSwitch) {
    }

    private final WallStore store;
    private final LongSupplier nanos;
    // Changes are made under the lock; reads (stream and socket checks, some on event loops) never wait for it.
    private final Map<Long, Wall> walls = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Long>> byCenter = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, TourClock> tours = new HashMap<>();
    private final List<Consumer<Wall>> listeners = new CopyOnWriteArrayList<>();

    public Walls(DataSource dataSource) {
        this(new WallStore(dataSource), System::nanoTime);
    }

    Walls(WallStore store, LongSupplier nanos) {
        this.store = store;
        this.nanos = nanos;
        for (Wall wall : store.loadAll()) {
            remember(wall);
        }
    }

    public void addListener(Consumer<Wall> listener) {
        listeners.add(listener);
    }

    /** The center's walls, oldest first; a center that has none gets its main wall now. */
    public synchronized List<Wall> of(String centerCode) {
        List<Long> ids = byCenter.get(centerCode);
        if (ids == null || ids.isEmpty()) {
            create(centerCode, DEFAULT_NAME, DEFAULT_LAYOUT);
            ids = byCenter.get(centerCode);
        }
        return ids.stream().map(walls::get).toList();
    }

    public Optional<Wall> find(long id) {
        return Optional.ofNullable(walls.get(id));
    }

    public synchronized Wall create(String centerCode, String name, int layout) {
        long id = store.insert(centerCode, name, layout);
        List<Tile> tiles = new ArrayList<>();
        for (int n = 1; n <= layout; n++) {
            tiles.add(Tile.empty(n));
        }
        Wall wall = new Wall(id, centerCode, name, layout, 1, List.copyOf(tiles));
        remember(wall);
        return wall;
    }

    /** Changes the layout; tiles beyond the new count are emptied. */
    public synchronized Wall layout(long id, int layout) {
        Wall wall = require(id);
        List<Tile> tiles = new ArrayList<>();
        for (int n = 1; n <= layout; n++) {
            tiles.add(n <= wall.layout() ? wall.tile(n) : Tile.empty(n));
        }
        return change(new Wall(id, wall.centerCode(), wall.name(), layout, wall.version() + 1, List.copyOf(tiles)));
    }

    /** Sets one tile (1-based, within the layout). */
    public synchronized Wall tile(long id, Tile tile) {
        Wall wall = require(id);
        List<Tile> tiles = new ArrayList<>(wall.tiles());
        tiles.set(tile.number() - 1, tile);
        tours.remove(id + ":" + tile.number());
        return change(new Wall(id, wall.centerCode(), wall.name(), wall.layout(), wall.version() + 1,
                List.copyOf(tiles)));
    }

    /**
     * Arranges the wall as a saved layout has it, in one change: its layout, and its tiles where the wall's own tiles
     * are (a tile a higher center pushed, or an alarm opened, stays where it is, within the new layout).
     */
    public synchronized Wall arrange(long id, int layout, List<Tile> saved) {
        Wall wall = require(id);
        Map<Integer, Tile> byNumber = new HashMap<>();
        saved.forEach(tile -> byNumber.put(tile.number(), tile));
        List<Tile> tiles = new ArrayList<>();
        for (int n = 1; n <= layout; n++) {
            Tile current = n <= wall.layout() ? wall.tile(n) : Tile.empty(n);
            boolean lent = current.pushedBy() != null || current.alarmId() != null;
            tiles.add(lent ? current : byNumber.getOrDefault(n, Tile.empty(n)));
            if (!lent) {
                tours.remove(id + ":" + n);
            }
        }
        return change(new Wall(id, wall.centerCode(), wall.name(), layout, wall.version() + 1, List.copyOf(tiles)));
    }

    /**
     * Puts a point pushed by {@code pushedBy} on a center's main wall: on {@code tile} when given, else on the tile
     * already showing it, else the first empty one, growing the layout when all are taken (the last tile is replaced
     * on a full 25); the receiving center may steer it when {@code ptzGranted}.
     */
    public synchronized Placement place(String centerCode, String pointCode, Integer tile, String pushedBy,
            boolean ptzGranted) {
        Wall wall = of(centerCode).get(0);
        int number = tile != null ? tile : chooseTile(wall, pointCode);
        if (number > wall.layout()) {
            wall = layout(wall.id(), grownLayout(number));
        }
        return new Placement(tile(wall.id(), Tile.pushed(number, pointCode, pushedBy, ptzGranted)), number);
    }

    /**
     * Opens an alarm's cameras on a center's main wall, from tile 1 on, growing the layout to hold them all (up to
     * 25): in one change, so every client sees the whole alarm view at once.
     */
    public synchronized Wall showAlarm(String centerCode, List<String> pointCodes, String alarmId) {
        Wall wall = of(centerCode).get(0);
        int count = Math.min(Wall.MAX_TILES, pointCodes.size());
        int layout = Math.max(wall.layout(), grownLayout(count));
        List<Tile> tiles = new ArrayList<>();
        for (int n = 1; n <= layout; n++) {
            if (n <= count) {
                tiles.add(Tile.showing(n, pointCodes.get(n - 1), null, alarmId));
                tours.remove(wall.id() + ":" + n);
            } else {
                tiles.add(n <= wall.layout() ? wall.tile(n) : Tile.empty(n));
            }
        }
        Wall next = new Wall(wall.id(), centerCode, wall.name(), layout, wall.version() + 1, List.copyOf(tiles));
        // Shown before it is saved: an alarm must not wait for the database, and the save follows at once.
        walls.put(next.id(), next);
        notifyListeners(next);
        store.save(next);
        return next;
    }

    private static int chooseTile(Wall wall, String pointCode) {
        for (Tile tile : wall.tiles()) {
            if (pointCode.equals(tile.pointCode()) && !tile.isTour()) {
                return tile.number();
            }
        }
        for (Tile tile : wall.tiles()) {
            if (tile.isEmpty()) {
                return tile.number();
            }
        }
        return Math.min(Wall.MAX_TILES, wall.layout() + 1);
    }

    private static int grownLayout(int tiles) {
        return Wall.LAYOUTS.stream().filter(n -> n >= tiles).min(Integer::compare).orElse(Wall.MAX_TILES);
    }

    /**
     * The tile through which a higher center (a push) or an alarm put {@code pointCode} on one of the center's walls
     * now, if any: the only way a point outside a center's region becomes visible to it. Tiles the center fills
     * itself grant nothing, so a pushed point copied elsewhere, or overwritten, is gone with its push.
     */
    public Optional<Tile> grant(String centerCode, String pointCode) {
        if (centerCode == null || pointCode == null) {
            return Optional.empty();
        }
        for (Long id : byCenter.getOrDefault(centerCode, List.of())) {
            for (Tile tile : walls.get(id).tiles()) {
                if (tile.grants() && pointCode.equals(tile.pointCode())) {
                    return Optional.of(tile);
                }
            }
        }
        return Optional.empty();
    }

    /** The points on the center's walls that a higher center pushed there, with who pushed them. */
    public Map<String, String> pushedTo(String centerCode) {
        Map<String, String> pushed = new HashMap<>();
        for (Long id : byCenter.getOrDefault(centerCode, List.of())) {
            for (Tile tile : walls.get(id).tiles()) {
                if (tile.pushedBy() != null && tile.pointCode() != null) {
                    pushed.put(tile.pointCode(), tile.pushedBy());
                }
            }
        }
        return pushed;
    }

    /** Moves every tour whose interval has passed on to its next point. */
    public void tick() {
        List<Wall> changed = new ArrayList<>();
        synchronized (this) {
            long now = nanos.getAsLong();
            for (Wall wall : List.copyOf(walls.values())) {
                List<Tile> tiles = new ArrayList<>(wall.tiles());
                boolean moved = false;
                for (Tile tile : wall.tiles()) {
                    if (!tile.isTour()) {
                        continue;
                    }
                    String key = wall.id() + ":" + tile.number();
                    TourClock clock = tours.get(key);
                    long interval = tile.tourSeconds() * 1_000_000_000L;
                    if (clock == null) {
                        tours.put(key, new TourClock(Math.max(0, tile.tour().indexOf(tile.pointCode())), now
                                + interval));
                    } else if (now - clock.nextSwitch() >= 0) {
                        int next = (clock.index() + 1) % tile.tour().size();
                        tours.put(key, new TourClock(next, now + interval));
                        tiles.set(tile.number() - 1, tile.withPoint(tile.tour().get(next)));
                        moved = true;
                    }
                }
                if (moved) {
                    Wall next = new Wall(wall.id(), wall.centerCode(), wall.name(), wall.layout(), wall.version() + 1,
                            List.copyOf(tiles));
                    walls.put(next.id(), next);
                    changed.add(next);
                }
            }
        }
        changed.forEach(this::notifyListeners);
    }

    private Wall require(long id) {
        Wall wall = walls.get(id);
        if (wall == null) {
            throw new IllegalArgumentException("no wall " + id);
        }
        return wall;
    }

    private Wall change(Wall wall) {
        store.save(wall);
        walls.put(wall.id(), wall);
        notifyListeners(wall);
        return wall;
    }

    private void notifyListeners(Wall wall) {
        for (Consumer<Wall> listener : listeners) {
            try {
                listener.accept(wall);
            } catch (RuntimeException e) {
                LOG.warn("a wall listener failed", e);
            }
        }
    }

    private void remember(Wall wall) {
        walls.put(wall.id(), wall);
        byCenter.computeIfAbsent(wall.centerCode(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(wall.id());
    }
}
