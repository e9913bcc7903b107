package org.sharpeyes.hub.registry;

import java.util.List;

/** One page of a longer result, with the total number of matches. */
public record Page<T>(List<T> items, long total, int page, int size) {
}
