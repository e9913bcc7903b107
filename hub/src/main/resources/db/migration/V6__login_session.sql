-- Logins kept across restarts (#17): by the SHA-256 of their token, so the table alone logs nobody in.
CREATE TABLE login_session (
    id          VARCHAR(64)              PRIMARY KEY,
    username    VARCHAR(64)              NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_session_user ON login_session (username);
