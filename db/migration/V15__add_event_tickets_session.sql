-- A ticket opens a socket for one session: logging that session out (or all of them, or changing the password)
-- before the ticket is used makes it worthless, and sockets it opened are closed when the session ends.
ALTER TABLE event_tickets ADD COLUMN session_id uuid REFERENCES sessions (id) ON DELETE CASCADE;
