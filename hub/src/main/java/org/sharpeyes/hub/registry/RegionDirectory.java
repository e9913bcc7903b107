package org.sharpeyes.hub.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The region tree in memory, loaded from its store and kept in step with every region added. */
public final class RegionDirectory {

    private final RegionStore store;
    private volatile RegionTree tree;

    public RegionDirectory(RegionStore store) {
        this.store = store;
        this.tree = new RegionTree(store.all());
    }

    public RegionTree tree() {
        return tree;
    }

    public Optional<Region> find(String code) {
        return tree.find(code);
    }

    /** Checks a new region against the tree: the problems found, empty when it may be added. */
    public List<FieldError> check(Region region) {
        return check(region, tree);
    }

    private static List<FieldError> check(Region region, RegionTree tree) {
        List<FieldError> errors = new ArrayList<>();
        String code = region.code();
        if (region.name() == null || region.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (region.name().length() > 128) {
            errors.add(new FieldError("name", "must be at most 128 characters"));
        }
        if (region.kind() == null) {
            errors.add(new FieldError("kind", "is required: one of COUNTY, TOWNSHIP, VILLAGE, COMMUNITY, SCHOOL"));
            return errors;
        }
        if (code == null || !code.matches("\\d+")) {
            errors.add(new FieldError("code", "must be digits only, got '" + Echo.text(code) + "'"));
            return errors;
        }
        if (tree.find(code).isPresent()) {
            errors.add(new FieldError("code", "region " + code + " already exists"));
            return errors;
        }
        if (region.kind() == RegionKind.COUNTY) {
            if (code.length() != 6) {
                errors.add(new FieldError("code", "a county code has 6 digits, got " + code.length()));
            }
            if (region.parentCode() != null) {
                errors.add(new FieldError("parent", "a county is a root and has no parent"));
            }
            return errors;
        }
        Optional<Region> parent = tree.find(region.parentCode());
        if (parent.isEmpty()) {
            errors.add(new FieldError("parent", region.parentCode() == null ? "is required for a " + region.kind()
                    : "region " + region.parentCode() + " does not exist"));
            return errors;
        }
        if (!region.kind().parentKinds().contains(parent.get().kind())) {
            errors.add(new FieldError("parent", "a " + region.kind() + " hangs under " + region.kind().parentKinds()
                    + ", but " + parent.get().code() + " is a " + parent.get().kind()));
        }
        if (code.length() != parent.get().code().length() + 3 || !code.startsWith(parent.get().code())) {
            errors.add(new FieldError("code", "must be the parent's code " + parent.get().code()
                    + " followed by 3 digits, got " + Echo.text(code)));
        }
        return errors;
    }

    /** Adds regions (checked in tree order against the tree and each other); nothing is added when any is wrong. */
    public synchronized List<FieldError> addAll(List<Region> regions) {
        RegionTree next = tree;
        List<FieldError> errors = new ArrayList<>();
        List<Region> ordered = regions.stream()
                .sorted((a, b) -> Integer.compare(a.code() == null ? 0 : a.code().length(),
                        b.code() == null ? 0 : b.code().length()))
                .toList();
        for (Region region : ordered) {
            List<FieldError> found = check(region, next);
            if (found.isEmpty()) {
                next = next.with(region);
            } else {
                String prefix = regions.size() == 1 ? "" : "region " + region.code() + ": ";
                found.forEach(e -> errors.add(new FieldError(e.field(), prefix + e.message())));
            }
        }
        if (errors.isEmpty()) {
            store.insertAll(ordered);
            tree = next;
        }
        return errors;
    }
}
