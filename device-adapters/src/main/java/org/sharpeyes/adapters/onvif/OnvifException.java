package org.sharpeyes.adapters.onvif;

/** Why an ONVIF call failed, in words an installer can act on (#19), never a stack of XML. */
public final class OnvifException extends Exception {

    public OnvifException(String message) {
        super(message);
    }
}
