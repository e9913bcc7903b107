package org.sharpeyes.hub.gb28181;

import java.util.Optional;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionTree;
import org.sharpeyes.hub.registry.SourceSystem;

/**
 * One item of a device's catalog and the point it becomes: a video channel (type code 131 or 132) with its 20-digit
 * code, name, PTZ type (1, a dome, is a PTZ camera), position, and the region its civil code names, whose stream is
 * {@code gb28181://{device}/{channel}}. Directory items (platforms, NVRs, business groups, virtual organisations)
 * name no point.
 */
record CatalogChannel(String deviceId, String code, String name, String civilCode, String parentId, int ptzType,
        Double lat, Double lon, String manufacturer, boolean on) {

    static CatalogChannel of(String deviceId, XmlNode item) {
        return new CatalogChannel(deviceId, text(item, "DeviceID"), text(item, "Name"), text(item, "CivilCode"),
                text(item, "ParentID"), number(item.at("Info/PTZType")), coordinate(item.at("Latitude"), 90),
                coordinate(item.at("Longitude"), 180), text(item, "Manufacturer"),
                !"OFF".equalsIgnoreCase(text(item, "Status")));
    }

    /** Why this item names no point, if it does not. */
    Optional<String> notAPoint() {
        if (!code.matches("\\d{20}")) {
            return Optional.of("DeviceID \"" + code + "\" is not 20 digits");
        }
        String type = code.substring(10, 13);
        if (!type.equals("131") && !type.equals("132")) {
            return Optional.of("type code " + type + " is a directory or another kind of device, not a camera");
        }
        return Optional.empty();
    }

    /** The stream address the hub gives the point. */
    String streamUrl() {
        return GbStreamAddress.SCHEME + "://" + deviceId + "/" + code;
    }

    /**
     * The region the item belongs to: the township its 8-digit civil code names (county + two digits, a township's
     * code being county + three), else the region its civil code equals, else the county of its own code.
     */
    Optional<Region> region(RegionTree regions) {
        String civil = civilCode == null ? "" : civilCode.trim();
        if (civil.length() >= 8 && civil.matches("\\d+")) {
            Optional<Region> township = regions.find(civil.substring(0, 6) + "0" + civil.substring(6, 8));
            if (township.isPresent()) {
                return township;
            }
        }
        if (!civil.isEmpty()) {
            Optional<Region> same = regions.find(civil);
            if (same.isPresent()) {
                return same;
            }
        }
        return code.length() >= 6 ? regions.find(code.substring(0, 6)) : Optional.empty();
    }

    PointDraft draft(Region region) {
        PointType type = ptzType == 1 ? PointType.PTZ_CAMERA : PointType.CAMERA;
        String label = name == null || name.isBlank() ? code : name.strip();
        return new PointDraft(code, label.length() > 100 ? label.substring(0, 100) : label, type, region.code(),
                SourceSystem.SHARP_EYES, lat, lon, streamUrl(), null, null, null,
                manufacturer == null || manufacturer.isBlank() ? null : manufacturer.strip(), null, null);
    }

    private static String text(XmlNode item, String name) {
        String value = item.at(name);
        return value == null ? "" : value;
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A coordinate within ±{@code limit}, or null for none, 0 (devices send 0 for "not set") or garbage. */
    private static Double coordinate(String value, double limit) {
        try {
            double number = value == null ? 0 : Double.parseDouble(value.trim());
            return number == 0 || Math.abs(number) > limit || Double.isNaN(number) ? null : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
