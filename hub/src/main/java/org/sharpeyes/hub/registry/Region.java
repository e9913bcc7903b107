package org.sharpeyes.hub.registry;

/**
 * One node of the administrative tree. A child's code is its parent's code plus three digits, so a region's whole
 * subtree is every code that starts with its own.
 */
public record Region(String code, String name, RegionKind kind, String parentCode) {

    /** Whether {@code otherCode} is this region or lies below it. */
    public boolean covers(String otherCode) {
        return otherCode.startsWith(code);
    }

    /** The six-digit county code every code in this region starts with. */
    public String countyCode() {
        return code.substring(0, 6);
    }
}
