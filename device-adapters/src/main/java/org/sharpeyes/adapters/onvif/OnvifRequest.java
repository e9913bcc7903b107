package org.sharpeyes.adapters.onvif;

import java.util.Locale;

/**
 * One ONVIF operation's request body (#19): the service it goes to, its name (its answer is {@code name +
 * "Response"}) and the body element, written with the service's usual prefix bound on the element itself.
 */
public record OnvifRequest(OnvifService service, String operation, String body) {

    private static final String TT = "xmlns:tt=\"" + OnvifService.SCHEMA + "\"";

    /** The local name of the answer's body element. */
    public String response() {
        return operation + "Response";
    }

    private static OnvifRequest of(OnvifService service, String operation, String content) {
        String p = service.prefix();
        String open = "<" + p + ":" + operation + " xmlns:" + p + "=\"" + service.namespace() + "\" " + TT;
        return new OnvifRequest(service, operation, content.isEmpty() ? open + "/>"
                : open + ">" + content + "</" + p + ":" + operation + ">");
    }

    private static String element(OnvifService service, String name, String value) {
        String p = service.prefix();
        return "<" + p + ":" + name + ">" + Soap.escape(value) + "</" + p + ":" + name + ">";
    }

    public static OnvifRequest getSystemDateAndTime() {
        return of(OnvifService.DEVICE, "GetSystemDateAndTime", "");
    }

    public static OnvifRequest getDeviceInformation() {
        return of(OnvifService.DEVICE, "GetDeviceInformation", "");
    }

    public static OnvifRequest getServices() {
        return of(OnvifService.DEVICE, "GetServices", "<tds:IncludeCapability>false</tds:IncludeCapability>");
    }

    public static OnvifRequest getCapabilities() {
        return of(OnvifService.DEVICE, "GetCapabilities", "<tds:Category>All</tds:Category>");
    }

    public static OnvifRequest getNetworkInterfaces() {
        return of(OnvifService.DEVICE, "GetNetworkInterfaces", "");
    }

    /** GetProfiles on Media1, or on Media2 (all configurations). */
    public static OnvifRequest getProfiles(boolean media2) {
        return media2 ? of(OnvifService.MEDIA2, "GetProfiles", "<tr2:Type>All</tr2:Type>")
                : of(OnvifService.MEDIA, "GetProfiles", "");
    }

    /** GetStreamUri for RTP unicast over RTSP. */
    public static OnvifRequest getStreamUri(boolean media2, String profileToken) {
        if (media2) {
            return of(OnvifService.MEDIA2, "GetStreamUri", "<tr2:Protocol>RTSP</tr2:Protocol>"
                    + element(OnvifService.MEDIA2, "ProfileToken", profileToken));
        }
        return of(OnvifService.MEDIA, "GetStreamUri", "<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                + "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                + element(OnvifService.MEDIA, "ProfileToken", profileToken));
    }

    public static OnvifRequest getSnapshotUri(boolean media2, String profileToken) {
        OnvifService service = media2 ? OnvifService.MEDIA2 : OnvifService.MEDIA;
        return of(service, "GetSnapshotUri", element(service, "ProfileToken", profileToken));
    }

    /**
     * ContinuousMove at {@code velocity} (each axis −1 to 1; a null axis is left out), stopping by itself after
     * {@code timeout} where the device honours it (null: until Stop).
     */
    public static OnvifRequest continuousMove(String profileToken, PtzVector velocity, java.time.Duration timeout) {
        return of(OnvifService.PTZ, "ContinuousMove", token(profileToken) + "<tptz:Velocity>" + vector(velocity)
                + "</tptz:Velocity>" + (timeout == null ? "" : "<tptz:Timeout>" + timeout + "</tptz:Timeout>"));
    }

    public static OnvifRequest stop(String profileToken) {
        return of(OnvifService.PTZ, "Stop", token(profileToken) + "<tptz:PanTilt>true</tptz:PanTilt>"
                + "<tptz:Zoom>true</tptz:Zoom>");
    }

    public static OnvifRequest absoluteMove(String profileToken, PtzVector position) {
        return of(OnvifService.PTZ, "AbsoluteMove", token(profileToken) + "<tptz:Position>" + vector(position)
                + "</tptz:Position>");
    }

    public static OnvifRequest relativeMove(String profileToken, PtzVector translation) {
        return of(OnvifService.PTZ, "RelativeMove", token(profileToken) + "<tptz:Translation>"
                + vector(translation) + "</tptz:Translation>");
    }

    public static OnvifRequest getPresets(String profileToken) {
        return of(OnvifService.PTZ, "GetPresets", token(profileToken));
    }

    public static OnvifRequest gotoPreset(String profileToken, String presetToken) {
        return of(OnvifService.PTZ, "GotoPreset", token(profileToken)
                + element(OnvifService.PTZ, "PresetToken", presetToken));
    }

    /** SetPreset: a new preset named {@code name} at the present position, or {@code presetToken} moved there. */
    public static OnvifRequest setPreset(String profileToken, String name, String presetToken) {
        return of(OnvifService.PTZ, "SetPreset", token(profileToken)
                + (name == null ? "" : element(OnvifService.PTZ, "PresetName", name))
                + (presetToken == null ? "" : element(OnvifService.PTZ, "PresetToken", presetToken)));
    }

    public static OnvifRequest removePreset(String profileToken, String presetToken) {
        return of(OnvifService.PTZ, "RemovePreset", token(profileToken)
                + element(OnvifService.PTZ, "PresetToken", presetToken));
    }

    public static OnvifRequest getStatus(String profileToken) {
        return of(OnvifService.PTZ, "GetStatus", token(profileToken));
    }

    /** CreatePullPointSubscription lasting {@code seconds} unless renewed. */
    public static OnvifRequest createPullPointSubscription(int seconds) {
        return of(OnvifService.EVENTS, "CreatePullPointSubscription", "<tev:InitialTerminationTime>PT" + seconds
                + "S</tev:InitialTerminationTime>");
    }

    /** PullMessages, waiting at most {@code timeoutSeconds} on the device for up to {@code limit} messages. */
    public static OnvifRequest pullMessages(int timeoutSeconds, int limit) {
        return of(OnvifService.EVENTS, "PullMessages", "<tev:Timeout>PT" + timeoutSeconds + "S</tev:Timeout>"
                + "<tev:MessageLimit>" + limit + "</tev:MessageLimit>");
    }

    /** Renew (WS-BaseNotification) for {@code seconds} more; its answer is {@code RenewResponse}. */
    public static OnvifRequest renew(int seconds) {
        return new OnvifRequest(OnvifService.EVENTS, "Renew", "<wsnt:Renew xmlns:wsnt=\"" + Notifications.WSNT
                + "\"><wsnt:TerminationTime>PT" + seconds + "S</wsnt:TerminationTime></wsnt:Renew>");
    }

    public static OnvifRequest unsubscribe() {
        return new OnvifRequest(OnvifService.EVENTS, "Unsubscribe", "<wsnt:Unsubscribe xmlns:wsnt=\""
                + Notifications.WSNT + "\"/>");
    }

    /** The SOAP action URI; WS-BaseNotification operations have their own. */
    public String action() {
        return switch (operation) {
            case "Renew" -> "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest";
            case "Unsubscribe" -> "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest";
            case "PullMessages" -> OnvifService.EVENTS.namespace() + "/PullPointSubscription/PullMessagesRequest";
            case "CreatePullPointSubscription" -> OnvifService.EVENTS.namespace()
                    + "/EventPortType/CreatePullPointSubscriptionRequest";
            default -> service.action(operation);
        };
    }

    private static String token(String profileToken) {
        return element(OnvifService.PTZ, "ProfileToken", profileToken);
    }

    private static String vector(PtzVector v) {
        StringBuilder out = new StringBuilder();
        if (v.pan() != null || v.tilt() != null) {
            out.append(String.format(Locale.ROOT, "<tt:PanTilt x=\"%.4f\" y=\"%.4f\"/>",
                    v.pan() == null ? 0 : v.pan(), v.tilt() == null ? 0 : v.tilt()));
        }
        if (v.zoom() != null) {
            out.append(String.format(Locale.ROOT, "<tt:Zoom x=\"%.4f\"/>", v.zoom()));
        }
        return out.toString();
    }
}
