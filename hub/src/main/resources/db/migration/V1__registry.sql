-- Regions, points and operators. Portable SQL: the same file runs on H2 and PostgreSQL.

CREATE TABLE region (
    code        VARCHAR(20)  NOT NULL PRIMARY KEY,
    name        VARCHAR(128) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    parent_code VARCHAR(20)  REFERENCES region (code),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE point (
    code         VARCHAR(20)   NOT NULL PRIMARY KEY,
    name         VARCHAR(128)  NOT NULL,
    type         VARCHAR(24)   NOT NULL,
    region_code  VARCHAR(20)   NOT NULL,
    source       VARCHAR(24)   NOT NULL,
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    stream_url   VARCHAR(1024),
    onvif_url    VARCHAR(1024),
    username_enc VARCHAR(512),
    password_enc VARCHAR(512),
    vendor       VARCHAR(64),
    installed_at DATE,
    serial       VARCHAR(64),
    status       VARCHAR(16)   NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Region filters are code-prefix matches (a subtree is every code starting with its root's code). The index also
-- serves the foreign key below (created after it, so H2 reuses it rather than adding its own on region_code alone)
-- and covers a page of codes, so a page is found in the index and only its rows are read.
CREATE INDEX point_region ON point (region_code, code);
ALTER TABLE point ADD CONSTRAINT point_region_fk FOREIGN KEY (region_code) REFERENCES region (code);
-- Devices that identify themselves by vendor serial are matched through this; NULLs may repeat.
CREATE UNIQUE INDEX point_serial ON point (serial);

CREATE TABLE operator (
    username      VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    center_code   VARCHAR(20)  REFERENCES region (code),
    role          VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
