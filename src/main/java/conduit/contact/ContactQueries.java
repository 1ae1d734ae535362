package conduit.contact;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Optional;

/** The contact feature's SQL: stored contact messages (V11). */
@Singleton
class ContactQueries {

    record Message(long id, String name, String email, String subject, String message) {
    }

    /** A stored message. */
    record Receipt(long id, Instant receivedAt) {
    }

    private final Sql sql;

    ContactQueries(Sql sql) {
        this.sql = sql;
    }

    Receipt insert(String name, String email, String subject, String message) {
        return sql.one("""
                INSERT INTO contact_messages (name, email, subject, message) VALUES (?, ?, ?, ?)
                RETURNING id, received_at""", row -> new Receipt(row.getLong(1), row.getTimestamp(2).toInstant()),
                name, email, subject, message);
    }

    /** For the jobs that mail a message, outside any service: the read is its own unit of work. */
    @Transactional(readOnly = true)
    Optional<Message> find(long id) {
        return sql.first("SELECT id, name, email, subject, message FROM contact_messages WHERE id = ?",
                row -> new Message(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5)), id);
    }
}
