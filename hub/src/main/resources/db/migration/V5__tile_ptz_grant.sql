-- A point pushed down may be steered by the receiving center only when the pusher granted it (#16).
ALTER TABLE wall_tile ADD COLUMN ptz_granted BOOLEAN DEFAULT FALSE NOT NULL;
