package org.sharpeyes.sim.onvif;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Answers WS-Discovery Probes for {@code NetworkVideoTransmitter} (or for any type) with one ProbeMatches per
 * simulated device, sent back to the asker (#19).
 */
final class DiscoveryResponder extends SimpleChannelInboundHandler<DatagramPacket> {

    private final OnvifSimulator simulator;

    DiscoveryResponder(OnvifSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        SoapRequest probe = SoapRequest.parse(ByteBufUtil.getBytes(packet.content())).orElse(null);
        if (probe == null || !probe.operation().equals("Probe")) {
            return;
        }
        String types = probe.text("Types");
        if (types != null && !types.isBlank() && !types.contains("NetworkVideoTransmitter")
                && !types.contains("Device")) {
            return;
        }
        String relatesTo = probe.header("MessageID");
        for (OnvifDeviceState device : simulator.devices()) {
            String answer = match(device, relatesTo == null ? "" : relatesTo);
            ctx.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(answer, StandardCharsets.UTF_8),
                    packet.sender()));
        }
    }

    private String match(OnvifDeviceState device, String relatesTo) {
        String name = java.net.URLEncoder.encode(device.name, StandardCharsets.UTF_8).replace("+", "%20");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><e:Envelope xmlns:e=\"http://www.w3.org/2003/05/"
                + "soap-envelope\" xmlns:w=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" xmlns:dis=\""
                + "http://schemas.xmlsoap.org/ws/2005/04/discovery\" xmlns:dn=\"http://www.onvif.org/ver10/network/"
                + "wsdl\" xmlns:dev=\"http://www.onvif.org/ver10/device/wsdl\"><e:Header><w:MessageID>uuid:"
                + UUID.randomUUID() + "</w:MessageID><w:RelatesTo>" + OnvifReplies.escape(relatesTo)
                + "</w:RelatesTo><w:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</w:To>"
                + "<w:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</w:Action></e:Header>"
                + "<e:Body><dis:ProbeMatches><dis:ProbeMatch><w:EndpointReference><w:Address>urn:uuid:"
                + UUID.nameUUIDFromBytes(device.code.getBytes(StandardCharsets.UTF_8)) + "</w:Address>"
                + "</w:EndpointReference><dis:Types>dn:NetworkVideoTransmitter dev:Device</dis:Types><dis:Scopes>"
                + "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/type/ptz "
                + "onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/T "
                + "onvif://www.onvif.org/name/" + name + " onvif://www.onvif.org/hardware/SE-PTZ-SIM "
                + "onvif://www.onvif.org/location/code/" + device.code + "</dis:Scopes><dis:XAddrs>"
                + simulator.base(device.code) + "/device_service</dis:XAddrs><dis:MetadataVersion>1"
                + "</dis:MetadataVersion></dis:ProbeMatch></dis:ProbeMatches></e:Body></e:Envelope>";
    }
}
