package org.sharpeyes.hub.registry;

/** The username and password the hub uses to log in to a device, or a device uses to log in to the hub. */
public record DeviceCredentials(String username, String password) {

    @Override
    public String toString() {
        return "DeviceCredentials[username=" + username + ", password=***]";
    }
}
