package org.sharpeyes.adapters.onvif;

/** What GetDeviceInformation says a device is (#19); any part may be null where a device leaves it out. */
public record DeviceInformation(String manufacturer, String model, String firmwareVersion, String serialNumber,
        String hardwareId) {
}
