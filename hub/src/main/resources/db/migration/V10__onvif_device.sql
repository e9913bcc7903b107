-- What the hub learned from a point's ONVIF device (#19), kept apart from the point: the registry's columns are the
-- installer's record, these are the device's own answers, read again on refresh. A row counts only while its
-- device_url is the point's ONVIF address, so a point deleted and registered again, or moved to another device,
-- never inherits what an older device said; a new reading overwrites it.
CREATE TABLE onvif_device (
    point_code        VARCHAR(20)   NOT NULL PRIMARY KEY,
    device_url        VARCHAR(1024) NOT NULL,
    manufacturer      VARCHAR(128),
    model             VARCHAR(128),
    firmware          VARCHAR(128),
    hardware_id       VARCHAR(128),
    profile_token     VARCHAR(64),
    ptz_profile_token VARCHAR(64),
    media2            BOOLEAN       NOT NULL,
    snapshot_url      VARCHAR(1024),
    profiles          VARCHAR(4000),
    clock_offset_ms   BIGINT,
    refreshed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
