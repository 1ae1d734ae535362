package conduit.contact;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Optional;

/** Reads stored contact messages (V11) for the jobs that mail them. */
@Singleton
class ContactMessages {

    record Message(long id, String name, String email, String subject, String message) {
    }

    private final JdbcOperations jdbc;

    ContactMessages(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Optional<Message> find(long id) {
        return jdbc.prepareStatement("SELECT id, name, email, subject, message FROM contact_messages WHERE id = ?", statement -> {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Message(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)))
                        : Optional.empty();
            }
        });
    }
}
