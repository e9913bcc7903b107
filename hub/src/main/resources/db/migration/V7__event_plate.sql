-- Plate search (#17): the normalized plate of a plate read or vehicle pass, kept beside its JSON attributes so that a
-- search by plate does not read every event's attributes. Events stored before this column have none.
ALTER TABLE device_event ADD COLUMN plate VARCHAR(16);
CREATE INDEX device_event_plate ON device_event (plate);
