package conduit.comment;

import conduit.profile.ProfileView;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Comment reads and writes; listing an article's comments is one statement, authors included. */
@Singleton
class CommentQueries {

    static final long ANONYMOUS = -1;

    private static final String SELECT_VIEW = """
            SELECT c.id, c.body, c.created_at, c.updated_at, u.id AS author_id, u.username, u.bio, u.image,
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = c.author_id) AS following
            FROM comments c JOIN users u ON u.id = c.author_id
            """;

    record CommentRef(long id, long authorId) {
    }

    private final JdbcOperations jdbc;

    CommentQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first, as RealWorld frontends show them. */
    List<CommentView> forArticle(long articleId, long viewerId) {
        return jdbc.prepareStatement(SELECT_VIEW + " WHERE c.article_id = ? ORDER BY c.created_at DESC, c.id DESC",
                statement -> {
                    statement.setLong(1, viewerId);
                    statement.setLong(2, articleId);
                    List<CommentView> comments = new ArrayList<>();
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            comments.add(read(row));
                        }
                    }
                    return comments;
                });
    }

    CommentView byId(long commentId, long viewerId) {
        return jdbc.prepareStatement(SELECT_VIEW + " WHERE c.id = ?", statement -> {
            statement.setLong(1, viewerId);
            statement.setLong(2, commentId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return read(row);
            }
        });
    }

    long insert(long articleId, long authorId, String body) {
        return jdbc.prepareStatement("INSERT INTO comments (article_id, author_id, body) VALUES (?, ?, ?) RETURNING id",
                statement -> {
                    statement.setLong(1, articleId);
                    statement.setLong(2, authorId);
                    statement.setString(3, body);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        return row.getLong(1);
                    }
                });
    }

    /** The comment, only if it belongs to this article. */
    Optional<CommentRef> find(long articleId, long commentId) {
        return jdbc.prepareStatement("SELECT id, author_id FROM comments WHERE id = ? AND article_id = ?", statement -> {
            statement.setLong(1, commentId);
            statement.setLong(2, articleId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new CommentRef(row.getLong(1), row.getLong(2))) : Optional.empty();
            }
        });
    }

    void delete(long commentId) {
        jdbc.prepareStatement("DELETE FROM comments WHERE id = ?", statement -> {
            statement.setLong(1, commentId);
            return statement.executeUpdate();
        });
    }

    private static CommentView read(ResultSet row) throws SQLException {
        var author = new ProfileView(row.getLong("author_id"), row.getString("username"), row.getString("bio"),
                row.getString("image"), row.getBoolean("following"));
        return new CommentView(row.getLong("id"), row.getString("body"), row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant(), author);
    }
}
