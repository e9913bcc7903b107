package org.sharpeyes.adapters.event;

/** A payload a dialect adapter cannot read, naming the field at fault (a JSON or XML path), for the dead letters. */
public class AdapterException extends Exception {

    private final String field;

    public AdapterException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    public AdapterException(String field, String message, Throwable cause) {
        super(field == null ? message : field + ": " + message, cause);
        this.field = field;
    }

    /** The field at fault, or null when the payload as a whole is unreadable. */
    public String field() {
        return field;
    }
}
