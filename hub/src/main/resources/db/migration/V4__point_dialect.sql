-- The dialect each device spoke last, kept apart from its events: a gate command needs it, and finding it among the
-- events would read every event the gate ever sent. Points that sent nothing since this table came are still found
-- among their events.
CREATE TABLE point_dialect (
    point_code VARCHAR(20) NOT NULL PRIMARY KEY,
    dialect    VARCHAR(32) NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
