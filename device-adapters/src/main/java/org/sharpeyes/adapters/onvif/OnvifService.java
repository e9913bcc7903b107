package org.sharpeyes.adapters.onvif;

/** The ONVIF services the hub calls, by the namespace each is known by in GetServices (#19). */
public enum OnvifService {
    DEVICE("tds", "http://www.onvif.org/ver10/device/wsdl"),
    MEDIA("trt", "http://www.onvif.org/ver10/media/wsdl"),
    MEDIA2("tr2", "http://www.onvif.org/ver20/media/wsdl"),
    PTZ("tptz", "http://www.onvif.org/ver20/ptz/wsdl"),
    EVENTS("tev", "http://www.onvif.org/ver10/events/wsdl");

    /** The schema namespace shared by all services' types. */
    public static final String SCHEMA = "http://www.onvif.org/ver10/schema";

    private final String prefix;
    private final String namespace;

    OnvifService(String prefix, String namespace) {
        this.prefix = prefix;
        this.namespace = namespace;
    }

    public String prefix() {
        return prefix;
    }

    public String namespace() {
        return namespace;
    }

    /** The SOAP action of {@code operation} in this service, as devices expect in the content type. */
    public String action(String operation) {
        return namespace + "/" + operation;
    }

    /** The service whose namespace is {@code namespace}, if the hub calls it. */
    public static java.util.Optional<OnvifService> byNamespace(String namespace) {
        for (OnvifService service : values()) {
            if (service.namespace.equals(namespace == null ? null : namespace.strip())) {
                return java.util.Optional.of(service);
            }
        }
        return java.util.Optional.empty();
    }
}
