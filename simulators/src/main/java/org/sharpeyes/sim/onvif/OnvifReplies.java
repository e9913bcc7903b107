package org.sharpeyes.sim.onvif;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The simulated device's answers (#19), written from the ONVIF schemas by hand and with prefixes of its own
 * ({@code env}, {@code dev}, {@code m2}, {@code sch} …), not those of the hub's client, so that a client reading by
 * prefix rather than by namespace fails here as it would on a real camera.
 */
final class OnvifReplies {

    static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    static final String MEDIA = "http://www.onvif.org/ver10/media/wsdl";
    static final String MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
    static final String PTZ = "http://www.onvif.org/ver20/ptz/wsdl";
    static final String EVENTS = "http://www.onvif.org/ver10/events/wsdl";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private OnvifReplies() {
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope"
                + " xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:dev=\"" + DEVICE + "\""
                + " xmlns:med=\"" + MEDIA + "\" xmlns:m2=\"" + MEDIA2 + "\" xmlns:ptz=\"" + PTZ + "\""
                + " xmlns:ev=\"" + EVENTS + "\" xmlns:sch=\"http://www.onvif.org/ver10/schema\""
                + " xmlns:b2=\"http://docs.oasis-open.org/wsn/b-2\" xmlns:wa=\"http://www.w3.org/2005/08/addressing\""
                + " xmlns:ter=\"http://www.onvif.org/ver10/error\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\">"
                + "<env:Body>" + body + "</env:Body></env:Envelope>";
    }

    static String fault(String code, String subcode, String reason) {
        return envelope("<env:Fault><env:Code><env:Value>env:" + code + "</env:Value><env:Subcode><env:Value>ter:"
                + subcode + "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">"
                + escape(reason) + "</env:Text></env:Reason></env:Fault>");
    }

    static String dateAndTime(Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        ZonedDateTime local = now.atZone(ZoneOffset.ofHours(8));
        return envelope("<dev:GetSystemDateAndTimeResponse><dev:SystemDateAndTime><sch:DateTimeType>Manual"
                + "</sch:DateTimeType><sch:DaylightSavings>false</sch:DaylightSavings><sch:TimeZone><sch:TZ>CST-8"
                + "</sch:TZ></sch:TimeZone>" + clock("UTCDateTime", utc) + clock("LocalDateTime", local)
                + "</dev:SystemDateAndTime></dev:GetSystemDateAndTimeResponse>");
    }

    private static String clock(String name, ZonedDateTime t) {
        return "<sch:" + name + "><sch:Time><sch:Hour>" + t.getHour() + "</sch:Hour><sch:Minute>" + t.getMinute()
                + "</sch:Minute><sch:Second>" + t.getSecond() + "</sch:Second></sch:Time><sch:Date><sch:Year>"
                + t.getYear() + "</sch:Year><sch:Month>" + t.getMonthValue() + "</sch:Month><sch:Day>"
                + t.getDayOfMonth() + "</sch:Day></sch:Date></sch:" + name + ">";
    }

    static String deviceInformation(String code) {
        return envelope("<dev:GetDeviceInformationResponse><dev:Manufacturer>SharpEyes Sim</dev:Manufacturer>"
                + "<dev:Model>SE-PTZ-SIM</dev:Model><dev:FirmwareVersion>1.4.2 build 261203</dev:FirmwareVersion>"
                + "<dev:SerialNumber>SIM" + code + "</dev:SerialNumber><dev:HardwareId>se-sim-1</dev:HardwareId>"
                + "</dev:GetDeviceInformationResponse>");
    }

    static String services(String base) {
        return envelope("<dev:GetServicesResponse>" + service(DEVICE, base + "/device_service", 2, 60)
                + service(MEDIA, base + "/media_service", 2, 60) + service(MEDIA2, base + "/media2_service", 2, 60)
                + service(PTZ, base + "/ptz_service", 2, 60) + service(EVENTS, base + "/event_service", 2, 60)
                + "</dev:GetServicesResponse>");
    }

    private static String service(String namespace, String xaddr, int major, int minor) {
        return "<dev:Service><dev:Namespace>" + namespace + "</dev:Namespace><dev:XAddr>" + xaddr
                + "</dev:XAddr><dev:Version><sch:Major>" + major + "</sch:Major><sch:Minor>" + minor
                + "</sch:Minor></dev:Version></dev:Service>";
    }

    static String capabilities(String base) {
        return envelope("<dev:GetCapabilitiesResponse><dev:Capabilities><sch:Device><sch:XAddr>" + base
                + "/device_service</sch:XAddr></sch:Device><sch:Events><sch:XAddr>" + base + "/event_service"
                + "</sch:XAddr><sch:WSSubscriptionPolicySupport>false</sch:WSSubscriptionPolicySupport>"
                + "<sch:WSPullPointSupport>true</sch:WSPullPointSupport>"
                + "<sch:WSPausableSubscriptionManagerInterfaceSupport>false"
                + "</sch:WSPausableSubscriptionManagerInterfaceSupport></sch:Events><sch:Media><sch:XAddr>" + base
                + "/media_service</sch:XAddr><sch:StreamingCapabilities><sch:RTPMulticast>false</sch:RTPMulticast>"
                + "<sch:RTP_TCP>true</sch:RTP_TCP><sch:RTP_RTSP_TCP>true</sch:RTP_RTSP_TCP>"
                + "</sch:StreamingCapabilities></sch:Media><sch:PTZ><sch:XAddr>" + base + "/ptz_service</sch:XAddr>"
                + "</sch:PTZ></dev:Capabilities></dev:GetCapabilitiesResponse>");
    }

    static String networkInterfaces(String code, String host) {
        String mac = String.format(Locale.ROOT, "02:5e:%02x:%02x:%02x:%02x", code.hashCode() >>> 24 & 0xFF,
                code.hashCode() >>> 16 & 0xFF, code.hashCode() >>> 8 & 0xFF, code.hashCode() & 0xFF);
        return envelope("<dev:GetNetworkInterfacesResponse><dev:NetworkInterfaces token=\"eth0\"><sch:Enabled>true"
                + "</sch:Enabled><sch:Info><sch:Name>eth0</sch:Name><sch:HwAddress>" + mac + "</sch:HwAddress>"
                + "<sch:MTU>1500</sch:MTU></sch:Info><sch:IPv4><sch:Enabled>true</sch:Enabled><sch:Config>"
                + "<sch:Manual><sch:Address>" + host + "</sch:Address><sch:PrefixLength>24</sch:PrefixLength>"
                + "</sch:Manual><sch:DHCP>false</sch:DHCP></sch:Config></sch:IPv4></dev:NetworkInterfaces>"
                + "</dev:GetNetworkInterfacesResponse>");
    }

    /** Media1 profiles: the H.264 main stream with PTZ. */
    static String profiles(int width, int height, String operation) {
        return envelope("<med:" + operation + "Response>" + media1Profile(operation.equals("GetProfile")
                ? "Profile" : "Profiles", width, height) + "</med:" + operation + "Response>");
    }

    private static String media1Profile(String element, int width, int height) {
        return "<med:" + element + " token=\"main\" fixed=\"true\"><sch:Name>MainStream</sch:Name>"
                + "<sch:VideoSourceConfiguration token=\"vsc\"><sch:Name>VideoSource</sch:Name><sch:UseCount>1"
                + "</sch:UseCount><sch:SourceToken>vs</sch:SourceToken><sch:Bounds x=\"0\" y=\"0\" width=\"" + width
                + "\" height=\"" + height + "\"/></sch:VideoSourceConfiguration>"
                + "<sch:VideoEncoderConfiguration token=\"vec\"><sch:Name>VideoEncoder</sch:Name><sch:UseCount>1"
                + "</sch:UseCount><sch:Encoding>H264</sch:Encoding><sch:Resolution><sch:Width>" + width
                + "</sch:Width><sch:Height>" + height + "</sch:Height></sch:Resolution><sch:Quality>4</sch:Quality>"
                + "<sch:RateControl><sch:FrameRateLimit>25</sch:FrameRateLimit><sch:EncodingInterval>1"
                + "</sch:EncodingInterval><sch:BitrateLimit>1000</sch:BitrateLimit></sch:RateControl>"
                + "<sch:H264><sch:GovLength>50</sch:GovLength><sch:H264Profile>Main</sch:H264Profile></sch:H264>"
                + "<sch:Multicast><sch:Address><sch:Type>IPv4</sch:Type><sch:IPv4Address>0.0.0.0"
                + "</sch:IPv4Address></sch:Address><sch:Port>0</sch:Port><sch:TTL>1</sch:TTL><sch:AutoStart>false"
                + "</sch:AutoStart></sch:Multicast><sch:SessionTimeout>PT60S</sch:SessionTimeout>"
                + "</sch:VideoEncoderConfiguration><sch:PTZConfiguration token=\"ptzc\"><sch:Name>PTZ</sch:Name>"
                + "<sch:UseCount>1</sch:UseCount><sch:NodeToken>ptz0</sch:NodeToken></sch:PTZConfiguration>"
                + "</med:" + element + ">";
    }

    /** Media2 profiles: the H.264 main stream with PTZ, and an H.265 one that only Media2 shows. */
    static String profiles2(int width, int height) {
        return envelope("<m2:GetProfilesResponse>" + profile2("main", "MainStream", "H264", width, height)
                + profile2("h265", "MainStreamH265", "H265", width, height) + "</m2:GetProfilesResponse>");
    }

    private static String profile2(String token, String name, String encoding, int width, int height) {
        return "<m2:Profiles token=\"" + token + "\" fixed=\"true\"><m2:Name>" + name + "</m2:Name>"
                + "<m2:Configurations><m2:VideoSource token=\"vsc\"><sch:Name>VideoSource</sch:Name><sch:UseCount>2"
                + "</sch:UseCount><sch:SourceToken>vs</sch:SourceToken><sch:Bounds x=\"0\" y=\"0\" width=\"" + width
                + "\" height=\"" + height + "\"/></m2:VideoSource><m2:VideoEncoder token=\"vec-" + token
                + "\" GovLength=\"50\"><sch:Name>VideoEncoder</sch:Name><sch:UseCount>1</sch:UseCount><sch:Encoding>"
                + encoding + "</sch:Encoding><sch:Resolution><sch:Width>" + width + "</sch:Width><sch:Height>"
                + height + "</sch:Height></sch:Resolution><sch:Quality>4</sch:Quality></m2:VideoEncoder>"
                + "<m2:PTZ token=\"ptzc\"><sch:Name>PTZ</sch:Name><sch:UseCount>2</sch:UseCount><sch:NodeToken>ptz0"
                + "</sch:NodeToken></m2:PTZ></m2:Configurations></m2:Profiles>";
    }

    static String mediaUri(boolean media2, String operation, String uri) {
        if (media2) {
            return envelope("<m2:" + operation + "Response><m2:Uri>" + escape(uri) + "</m2:Uri></m2:" + operation
                    + "Response>");
        }
        return envelope("<med:" + operation + "Response><med:MediaUri><sch:Uri>" + escape(uri) + "</sch:Uri>"
                + "<sch:InvalidAfterConnect>false</sch:InvalidAfterConnect><sch:InvalidAfterReboot>false"
                + "</sch:InvalidAfterReboot><sch:Timeout>PT0S</sch:Timeout></med:MediaUri></med:" + operation
                + "Response>");
    }

    static String empty(String prefix, String operation) {
        return envelope("<" + prefix + ":" + operation + "Response/>");
    }

    static String presets(List<OnvifDeviceState.Preset> presets) {
        StringBuilder out = new StringBuilder("<ptz:GetPresetsResponse>");
        for (OnvifDeviceState.Preset p : presets) {
            out.append("<ptz:Preset token=\"").append(escape(p.token())).append("\"><sch:Name>")
                    .append(escape(p.name())).append("</sch:Name><sch:PTZPosition>")
                    .append(position(p.pan(), p.tilt(), p.zoom())).append("</sch:PTZPosition></ptz:Preset>");
        }
        return envelope(out.append("</ptz:GetPresetsResponse>").toString());
    }

    static String presetToken(String token) {
        return envelope("<ptz:SetPresetResponse><ptz:PresetToken>" + escape(token)
                + "</ptz:PresetToken></ptz:SetPresetResponse>");
    }

    static String status(int pan, int tilt, double zoom, Instant now) {
        return envelope("<ptz:GetStatusResponse><ptz:PTZStatus><sch:Position>" + position(pan, tilt, zoom)
                + "</sch:Position><sch:MoveStatus><sch:PanTilt>IDLE</sch:PanTilt><sch:Zoom>IDLE</sch:Zoom>"
                + "</sch:MoveStatus><sch:UtcTime>" + TIME.format(now) + "</sch:UtcTime></ptz:PTZStatus>"
                + "</ptz:GetStatusResponse>");
    }

    /** A position in ONVIF's generic spaces: pan 0–359° as −1…1, tilt 0–180° as −1…1, zoom 1–30× as 0…1. */
    private static String position(int pan, int tilt, double zoom) {
        return String.format(Locale.ROOT, "<sch:PanTilt x=\"%.4f\" y=\"%.4f\" space=\"http://www.onvif.org/ver10/"
                + "tptz/PanTiltSpaces/PositionGenericSpace\"/><sch:Zoom x=\"%.4f\" space=\"http://www.onvif.org/"
                + "ver10/tptz/ZoomSpaces/PositionGenericSpace\"/>", pan / 180.0 - 1, tilt / 90.0 - 1,
                (zoom - 1) / 29.0);
    }

    static String subscription(String address, Instant now, Instant termination) {
        return envelope("<ev:CreatePullPointSubscriptionResponse><ev:SubscriptionReference><wa:Address>"
                + escape(address) + "</wa:Address></ev:SubscriptionReference><b2:CurrentTime>" + TIME.format(now)
                + "</b2:CurrentTime><b2:TerminationTime>" + TIME.format(termination) + "</b2:TerminationTime>"
                + "</ev:CreatePullPointSubscriptionResponse>");
    }

    static String messages(Instant now, Instant termination, List<String> notifications) {
        return envelope("<ev:PullMessagesResponse><ev:CurrentTime>" + TIME.format(now) + "</ev:CurrentTime>"
                + "<ev:TerminationTime>" + TIME.format(termination) + "</ev:TerminationTime>"
                + String.join("", notifications) + "</ev:PullMessagesResponse>");
    }

    static String renewed(Instant now, Instant termination) {
        return envelope("<b2:RenewResponse><b2:TerminationTime>" + TIME.format(termination) + "</b2:TerminationTime>"
                + "<b2:CurrentTime>" + TIME.format(now) + "</b2:CurrentTime></b2:RenewResponse>");
    }

    static String unsubscribed() {
        return envelope("<b2:UnsubscribeResponse/>");
    }

    /** One notification: {@code topic} (with its tns1 prefix) with the boolean data item {@code item}. */
    static String notification(String topic, String item, boolean value, Instant at) {
        return "<b2:NotificationMessage><b2:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/"
                + "ConcreteSet\">" + topic + "</b2:Topic><b2:Message><sch:Message UtcTime=\""
                + TIME.format(at.truncatedTo(ChronoUnit.SECONDS)) + "\" PropertyOperation=\"Changed\"><sch:Source>"
                + "<sch:SimpleItem Name=\"VideoSourceConfigurationToken\" Value=\"vsc\"/><sch:SimpleItem "
                + "Name=\"VideoAnalyticsConfigurationToken\" Value=\"vac\"/><sch:SimpleItem Name=\"Rule\" "
                + "Value=\"Rule1\"/></sch:Source><sch:Data><sch:SimpleItem Name=\"" + item + "\" Value=\"" + value
                + "\"/></sch:Data></sch:Message></b2:Message></b2:NotificationMessage>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
