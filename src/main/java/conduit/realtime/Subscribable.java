package conduit.realtime;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.OptionalLong;

/**
 * The articles a socket may subscribe to, by slug. Read here rather than through the article feature, which
 * itself announces its writes through this one ({@link Events}): features form a ladder, not a circle.
 */
@Singleton
class Subscribable {

    private final JdbcOperations jdbc;

    Subscribable(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    OptionalLong articleId(String slug) {
        return jdbc.prepareStatement("SELECT id FROM articles WHERE slug = ?", statement -> {
            statement.setString(1, slug);
            try (var row = statement.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        });
    }
}
