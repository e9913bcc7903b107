-- Saved layouts (#17): a wall's layout and its own tiles (points and tours) under a name, to recall at a shift
-- change or an incident. Tiles lent by a higher center or an alarm are not saved: they outlive neither.
CREATE TABLE wall_preset (
    wall_id   BIGINT        NOT NULL REFERENCES wall (id),
    name      VARCHAR(64)   NOT NULL,
    layout    INTEGER       NOT NULL,
    tiles     VARCHAR(16384) NOT NULL,
    saved_by  VARCHAR(64)   NOT NULL,
    saved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (wall_id, name)
);
