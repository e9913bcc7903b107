package org.sharpeyes.hub.app;

/** A configuration value that stops start-up; its message is one line naming the key and what is wrong. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
