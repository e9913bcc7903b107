package org.sharpeyes.adapters.onvif;

/** What a device's web server answered (#19): status, its Digest or Basic challenge if any, content type, body. */
public record HttpAnswer(int status, String challenge, String contentType, byte[] body) {
}
