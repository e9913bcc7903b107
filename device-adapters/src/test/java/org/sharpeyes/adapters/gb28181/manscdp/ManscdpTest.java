package org.sharpeyes.adapters.gb28181.manscdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManscdpTest {

    private static final String CATALOG = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Response>\n"
            + "<CmdType>Catalog</CmdType>\n<SN>17</SN>\n<DeviceID>34020000001110000001</DeviceID>\n<SumNum>2</SumNum>\n"
            + "<DeviceList Num=\"2\">\n<Item>\n<DeviceID>34020000001320000001</DeviceID>\n<Name>南门 & 东门</Name>\n"
            + "<CivilCode>510122</CivilCode>\n<Status>ON</Status>\n<Longitude>104.06</Longitude>\n"
            + "<Latitude>30.67</Latitude>\n<Info><PTZType>1</PTZType></Info>\n</Item>\n"
            + "<Item><DeviceID>34020000001320000002</DeviceID><Name>西门</Name><Status>OFF</Status></Item>\n"
            + "</DeviceList>\n</Response>\n";

    @Test
    void readsACatalogInGb2312AndInUtf8WhateverItDeclares() throws Exception {
        for (Charset charset : new Charset[] {Charset.forName("GB2312"), StandardCharsets.UTF_8}) {
            XmlNode root = Manscdp.parse(CATALOG.getBytes(charset));
            assertThat(root.name()).isEqualTo("Response");
            assertThat(root.at("CmdType")).isEqualTo("Catalog");
            assertThat(root.at("SumNum")).isEqualTo("2");
            assertThat(root.child("DeviceList").attributes()).containsEntry("Num", "2");
            assertThat(root.child("DeviceList").all("Item")).hasSize(2);
            XmlNode first = root.child("DeviceList").all("Item").get(0);
            assertThat(first.at("Name")).isEqualTo("南门 & 东门");
            assertThat(first.at("Info/PTZType")).isEqualTo("1");
            assertThat(first.at("info/ptztype")).as("names compare without case").isEqualTo("1");
            assertThat(root.child("DeviceList").all("Item").get(1).at("Name")).isEqualTo("西门");
        }
    }

    @Test
    void writesWhatItReadsBackWithTheGb2312Declaration() throws Exception {
        XmlNode query = Manscdp.message("Query", "Catalog", 42, "34020000001110000001");
        query.add(new XmlNode("Info")).with("Name", "北门<1>");
        byte[] body = Manscdp.write(query);
        assertThat(new String(body, Charset.forName("GB2312"))).startsWith(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>").contains("北门&lt;1&gt;");
        XmlNode back = Manscdp.parse(body);
        assertThat(back.at("SN")).isEqualTo("42");
        assertThat(back.at("Info/Name")).isEqualTo("北门<1>");
    }

    @Test
    void refusesBrokenXmlSayingWhere() {
        assertThatThrownBy(() -> Manscdp.parse("<Notify><CmdType>Keepalive</Notify>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManscdpException.class).hasMessageContaining("not well-formed XML at line 1");
        assertThatThrownBy(() -> Manscdp.parse(new byte[0])).isInstanceOf(ManscdpException.class);
    }

    @Test
    void ptzCommandsCarryTheirChecksumAndAreReadBack() throws Exception {
        assertThat(PtzCmd.stop().hex()).isEqualTo("A50F0100000000B5");
        PtzCmd upLeft = PtzCmd.move(PtzCmd.UP | PtzCmd.LEFT, 0x80, 0x40, 3);
        assertThat(upLeft.hex()).isEqualTo("A50F010A804030AF");
        assertThat(PtzCmd.parse(upLeft.hex())).isEqualTo(upLeft);
        PtzCmd preset = PtzCmd.preset(PtzCmd.PRESET_CALL, 5);
        assertThat(PtzCmd.parse(preset.hex().toLowerCase())).isEqualTo(preset);
        assertThat(preset.isPreset()).isTrue();

        assertThatThrownBy(() -> PtzCmd.parse("A50F0100000000B6")).hasMessageContaining("checksum B6")
                .hasMessageContaining("sum to B5");
        assertThatThrownBy(() -> PtzCmd.parse("A50E0100000000B4")).hasMessageContaining("check nibble");
        assertThatThrownBy(() -> PtzCmd.parse("A50F01")).hasMessageContaining("not 16 hex digits");
    }
}
