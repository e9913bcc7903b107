package org.sharpeyes.adapters.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoapTest {

    @Test
    void readsAFaultWhateverPrefixesTheVendorChose() throws Exception {
        String answer = "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:ter=\"http://www.onvif.org/ver10/error\"><env:Body><env:Fault><env:Code>"
                + "<env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value>"
                + "</env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">Sender not Authorized</env:Text>"
                + "</env:Reason></env:Fault></env:Body></env:Envelope>";
        SoapFault fault = Soap.fault(answer.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(fault.code()).isEqualTo("Sender");
        assertThat(fault.subcode()).isEqualTo("NotAuthorized");
        assertThat(fault.reason()).isEqualTo("Sender not Authorized");
        assertThat(fault.notAuthorized()).isTrue();
        assertThat(fault.notSupported()).isFalse();
    }

    @Test
    void anAnswerThatIsNoFaultHasNone() throws Exception {
        String answer = "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<SOAP-ENV:Body><tds:GetSystemDateAndTimeResponse xmlns:tds=\"http://www.onvif.org/ver10/device/"
                + "wsdl\"/></SOAP-ENV:Body></SOAP-ENV:Envelope>";
        assertThat(Soap.fault(answer.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void refusesWhatIsNotXmlAndNeverReadsAnEntity() {
        assertThatThrownBy(() -> Soap.fault("HTTP/1.1 garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OnvifException.class).hasMessageContaining("not XML");
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<Envelope><Body><Fault><Reason><Text>&e;</Text></Reason></Fault></Body></Envelope>";
        assertThatThrownBy(() -> Soap.fault(entity.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OnvifException.class);
    }

    @Test
    void wrapsARequestInASoap12EnvelopeWithItsSecurityHeader() {
        String request = Soap.envelope("<wsse:Security/>", "<tds:GetDeviceInformation/>");
        assertThat(request).contains("xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"")
                .contains("<s:Header><wsse:Security/></s:Header><s:Body><tds:GetDeviceInformation/></s:Body>");
        assertThat(Soap.envelope(null, "<tds:GetSystemDateAndTime/>")).doesNotContain("Header");
    }
}
