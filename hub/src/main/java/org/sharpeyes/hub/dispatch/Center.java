package org.sharpeyes.hub.dispatch;

/** A comprehensive-governance center (综治中心), identified by the code of the region it is bound to. */
public record Center(String code, String name, Tier tier) {
}
