package org.sharpeyes.hub.app;

/** Start-up cannot go on; the message is one line saying why and the way out. */
public final class StartupException extends RuntimeException {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
