package org.sharpeyes.adapters.gb28181.manscdp;

/** A MANSCDP body that cannot be read; the message says what is wrong and where. */
public final class ManscdpException extends Exception {

    public ManscdpException(String message) {
        super(message);
    }
}
