-- Normalized device events and the payloads that could not be read. Portable SQL: H2 and PostgreSQL.

CREATE TABLE device_event (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    device_event_id VARCHAR(128)  NOT NULL,
    point_code      VARCHAR(20)   NOT NULL,
    region_code     VARCHAR(20)   NOT NULL,
    type            VARCHAR(24)   NOT NULL,
    severity        VARCHAR(16)   NOT NULL,
    dialect         VARCHAR(32)   NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attributes      VARCHAR(16384) NOT NULL,
    image_refs      VARCHAR(1024)
);

-- A redelivered message (broker restart, hub crash before its acknowledgement) stores nothing twice.
CREATE UNIQUE INDEX device_event_dedup ON device_event (point_code, device_event_id);
-- Listing is newest first within a region subtree (a code prefix).
CREATE INDEX device_event_region_time ON device_event (region_code, received_at);
CREATE INDEX device_event_time ON device_event (received_at);

CREATE TABLE dead_letter (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    topic         VARCHAR(512)  NOT NULL,
    dialect       VARCHAR(32),
    reason        VARCHAR(32)   NOT NULL,
    field         VARCHAR(256),
    detail        VARCHAR(1024) NOT NULL,
    payload       BYTEA         NOT NULL,
    payload_bytes INTEGER       NOT NULL,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX dead_letter_time ON dead_letter (received_at);
