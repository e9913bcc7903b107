package org.sharpeyes.hub.registry;

/** Input that cannot be used as a whole, with the field or part of it that is wrong (null when it is the whole). */
public final class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
