-- The notification emails queued per recipient and cause ('follower:<id>', 'comment:<id>'): a cause is mailed
-- at most once per repeat window, and a recipient gets at most a bounded number per hour, so following,
-- unfollowing and following again cannot flood an inbox. Rows older than the window are purged.
CREATE TABLE notification_mails (
    recipient_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cause        text        NOT NULL,
    queued_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (recipient_id, cause)
);

CREATE INDEX notification_mails_recent_idx ON notification_mails (recipient_id, queued_at);
