package org.sharpeyes.hub.registry;

/** One thing wrong with one field of a submitted record. */
public record FieldError(String field, String message) {
}
