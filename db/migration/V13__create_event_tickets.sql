-- Single-use tickets that open the event WebSocket (POST /api/events/tickets, then GET /api/events?ticket=).
-- Only the SHA-256 of a ticket is stored, so a leaked table opens no socket. Any instance can consume a
-- ticket another instance issued: DELETE ... RETURNING makes each ticket work exactly once.
CREATE TABLE event_tickets (
    ticket_hash bytea       PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);

CREATE INDEX event_tickets_expires_at_idx ON event_tickets (expires_at);
