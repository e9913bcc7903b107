package org.sharpeyes.adapters.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnvifAnswersTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OnvifAnswersTest.class.getResourceAsStream("/onvif/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheDeviceClockInUtcNotItsLocalTime() throws Exception {
        XmlElement body = Soap.body(fixture("date-time-utc.xml"), "GetSystemDateAndTimeResponse");
        assertThat(OnvifAnswers.systemDateAndTime(body)).isEqualTo(Instant.parse("2026-12-03T02:00:07Z"));
    }

    @Test
    void readsDeviceInformationWhateverPrefixOrDefaultNamespaceTheVendorUses() throws Exception {
        DeviceInformation hik = OnvifAnswers.deviceInformation(Soap.body(fixture(
                "device-information-other-prefixes.xml"), "GetDeviceInformationResponse"));
        assertThat(hik).isEqualTo(new DeviceInformation("HIKVISION", "DS-2DE4425IW-DE", "V5.7.3 build 220112",
                "DS-2DE4425IW-DE20220301AAWRG12345678", "88"));
        DeviceInformation sparse = OnvifAnswers.deviceInformation(Soap.body(fixture("device-information-sparse.xml"),
                "GetDeviceInformationResponse"));
        assertThat(sparse.manufacturer()).isEqualTo("Dahua");
        assertThat(sparse.firmwareVersion()).isNull();
        assertThat(sparse.serialNumber()).isNull();
    }

    @Test
    void findsTheServicesTheHubCallsAndSkipsTheRest() throws Exception {
        Map<OnvifService, String> services = OnvifAnswers.services(Soap.body(fixture("services.xml"),
                "GetServicesResponse"));
        assertThat(services).containsEntry(OnvifService.MEDIA2, "http://192.168.1.64/onvif/Media2")
                .containsEntry(OnvifService.PTZ, "http://192.168.1.64:8080/onvif/PTZ").hasSize(5);
        Map<OnvifService, String> old = OnvifAnswers.capabilities(Soap.body(fixture("capabilities.xml"),
                "GetCapabilitiesResponse"));
        assertThat(old).containsOnlyKeys(OnvifService.DEVICE, OnvifService.MEDIA, OnvifService.PTZ,
                OnvifService.EVENTS).containsEntry(OnvifService.EVENTS, "http://10.0.0.8/onvif/event_service");
    }

    @Test
    void readsMedia1ProfilesWithTheirEncoderSizeAndPtz() throws Exception {
        List<MediaProfile> profiles = OnvifAnswers.profiles(Soap.body(fixture("profiles-media1.xml"),
                "GetProfilesResponse"), false);
        assertThat(profiles).containsExactly(
                new MediaProfile("Profile_1", "mainStream", "H264", 2560, 1440, true, false),
                new MediaProfile("Profile_2", "subStream", "H264", 640, 360, false, false),
                new MediaProfile("Profile_3", "audioOnly", null, 0, 0, false, false));
    }

    @Test
    void readsMedia2ProfilesWhereH265Shows() throws Exception {
        List<MediaProfile> profiles = OnvifAnswers.profiles(Soap.body(fixture("profiles-media2.xml"),
                "GetProfilesResponse"), true);
        assertThat(profiles).containsExactly(new MediaProfile("MainStream", "MainStream", "H265", 3840, 2160, true,
                true));
    }

    @Test
    void readsStreamAddressesOfBothMediaVersions() throws Exception {
        assertThat(OnvifAnswers.uri(Soap.body(fixture("stream-uri-media1.xml"), "GetStreamUriResponse")))
                .isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1");
        assertThat(OnvifAnswers.uri(Soap.body(fixture("stream-uri-media2.xml"), "GetStreamUriResponse")))
                .isEqualTo("rtsp://10.1.2.3/cam/realmonitor?channel=1&subtype=0&unicast=true");
    }

    @Test
    void readsPresetsWithAndWithoutPositionAndSkipsOnesWithoutToken() throws Exception {
        List<PtzPreset> presets = OnvifAnswers.presets(Soap.body(fixture("presets.xml"), "GetPresetsResponse"));
        assertThat(presets).containsExactly(new PtzPreset("1", "校门口", new PtzVector(0.25, -0.5, 0.1)),
                new PtzPreset("2", "Gate 2", null));
    }

    @Test
    void readsWhereThePtzPointsAndWhetherItMoves() throws Exception {
        PtzStatus status = OnvifAnswers.status(Soap.body(fixture("ptz-status.xml"), "GetStatusResponse"));
        assertThat(status.position()).isEqualTo(new PtzVector(-0.9, 0.0, 0.5));
        assertThat(status.moving()).isTrue();
    }

    @Test
    void readsMotionAndTamperEventsWithTopicsFreeOfPrefixes() throws Exception {
        List<OnvifNotification> events = OnvifAnswers.notifications(Soap.body(fixture("pull-messages.xml"),
                "PullMessagesResponse"));
        assertThat(events).hasSize(2);
        OnvifNotification motion = events.get(0);
        assertThat(motion.topic()).isEqualTo("RuleEngine/CellMotionDetector/Motion");
        assertThat(motion.kind()).isEqualTo(OnvifNotification.Kind.MOTION);
        assertThat(motion.active()).isTrue();
        assertThat(motion.utcTime()).isEqualTo(Instant.parse("2026-12-03T02:00:09.500Z"));
        assertThat(motion.source()).containsEntry("Rule", "MyMotionDetectorRule");
        OnvifNotification tamper = events.get(1);
        assertThat(tamper.topic()).isEqualTo("VideoSource/GlobalSceneChange/ImagingService");
        assertThat(tamper.kind()).isEqualTo(OnvifNotification.Kind.TAMPER);
        assertThat(tamper.active()).isFalse();
    }

    @Test
    void aSoap11FaultFromOldFirmwareIsARefusedLogin() throws Exception {
        SoapFault fault = Soap.fault(fixture("fault-soap11.xml")).orElseThrow();
        assertThat(fault.code()).isEqualTo("Sender");
        assertThat(fault.subcode()).isEqualTo("NotAuthorized");
        assertThat(fault.reason()).isEqualTo("Authentication failed");
        assertThatThrownBy(() -> Soap.body(fixture("fault-soap11.xml"), "GetDeviceInformationResponse"))
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind())
                        .isEqualTo(OnvifException.Kind.NOT_AUTHORIZED)).hasMessageContaining("password");
    }

    @Test
    void anOperationTheDeviceLacksSaysSoInWords() {
        assertThatThrownBy(() -> Soap.body(fixture("fault-not-supported.xml"), "GetServicesResponse"))
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind())
                        .isEqualTo(OnvifException.Kind.NOT_SUPPORTED))
                .hasMessageContaining("does not support").hasMessageContaining("Optional Action Not Implemented");
    }

    @Test
    void anAnswerForAnotherOperationOrWithoutEnvelopeIsMalformed() {
        assertThatThrownBy(() -> Soap.body(fixture("presets.xml"), "GetStatusResponse"))
                .isInstanceOfSatisfying(OnvifException.class, e -> assertThat(e.kind())
                        .isEqualTo(OnvifException.Kind.MALFORMED)).hasMessageContaining("expected GetStatusResponse");
        assertThatThrownBy(() -> Soap.body("<html><body>404</body></html>".getBytes(), "GetStatusResponse"))
                .hasMessageContaining("no SOAP envelope");
    }

    @Test
    void readsProbeMatchesWithNameHardwareAndAddresses() throws Exception {
        XmlElement envelope = XmlElement.parse(fixture("probe-matches.xml"));
        assertThat(WsDiscovery.relatesTo(envelope)).isEqualTo("uuid:2f6d0b8e-1111-4222-8333-444455556666");
        List<ProbeMatch> matches = WsDiscovery.matches(envelope);
        assertThat(matches).hasSize(1);
        ProbeMatch match = matches.get(0);
        assertThat(match.endpoint()).isEqualTo("urn:uuid:4a5b6c7d-0000-1000-8000-bcbac0ffee01");
        assertThat(match.types()).contains("dn:NetworkVideoTransmitter");
        assertThat(match.name()).contains("校门口 PTZ");
        assertThat(match.hardware()).contains("DS-2DE4425IW-DE");
        assertThat(match.location()).contains("city/hangzhou");
        assertThat(match.xaddrs()).containsExactly("http://192.168.1.64/onvif/device_service",
                "http://[fe80::1]/onvif/device_service");
    }

    @Test
    void writesRequestsThatReadBackAsTheirOperation() throws Exception {
        OnvifRequest move = OnvifRequest.continuousMove("Profile_1", new PtzVector(-0.5, 0.0, null),
                java.time.Duration.ofSeconds(1));
        XmlElement envelope = XmlElement.parse(Soap.envelope(null, move.body()).getBytes());
        XmlElement body = envelope.child("Body", "ContinuousMove").orElseThrow();
        assertThat(body.namespace()).isEqualTo(OnvifService.PTZ.namespace());
        assertThat(body.text("ProfileToken")).isEqualTo("Profile_1");
        XmlElement panTilt = body.child("Velocity", "PanTilt").orElseThrow();
        assertThat(panTilt.namespace()).isEqualTo(OnvifService.SCHEMA);
        assertThat(Double.parseDouble(panTilt.attribute("x"))).isEqualTo(-0.5);
        assertThat(body.child("Velocity", "Zoom")).isEmpty();
        assertThat(body.text("Timeout")).isEqualTo("PT1S");
        assertThat(move.action()).isEqualTo("http://www.onvif.org/ver20/ptz/wsdl/ContinuousMove");
        XmlElement token = XmlElement.parse(Soap.envelope(null, OnvifRequest.gotoPreset("P<1>", "a&b").body())
                .getBytes()).child("Body", "GotoPreset").orElseThrow();
        assertThat(token.text("ProfileToken")).isEqualTo("P<1>");
        assertThat(token.text("PresetToken")).isEqualTo("a&b");
        XmlElement probe = XmlElement.parse(WsDiscovery.probe("uuid:1").getBytes());
        assertThat(probe.text("Body", "Probe", "Types")).isEqualTo("dn:NetworkVideoTransmitter");
        assertThat(probe.text("Header", "MessageID")).isEqualTo("uuid:1");
    }
}
