-- Messages from the contact form. The emails about them are background jobs (kind contact.*).
CREATE TABLE contact_messages (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    email       text        NOT NULL,
    subject     text        NOT NULL,
    message     text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
