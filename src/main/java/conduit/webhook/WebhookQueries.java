package conduit.webhook;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The webhook feature's SQL: endpoints, the events sent to them, deliveries and their attempts (V18). */
@Singleton
class WebhookQueries {

    record Endpoint(long id, String url, String description, List<String> eventTypes, Instant createdAt,
                    Instant disabledAt, String secret) {
    }

    record Attempt(int attempt, Instant startedAt, Integer statusCode, int durationMs, String error) {
    }

    record Delivery(long id, UUID eventId, String eventType, String state, Instant createdAt) {
    }

    /** Everything a delivery attempt needs. */
    record Outgoing(long deliveryId, long endpointId, String state, boolean endpointActive, String url,
                    List<String> secrets, UUID eventId, String eventType, Instant eventAt, String data) {
    }

    /** Whom to tell that an endpoint was disabled. */
    record Owner(String email, String username, String url) {
    }

    private static final String ENDPOINT_COLUMNS = "id, url, description, event_types, created_at, disabled_at, secret";

    private static final Sql.Row<Endpoint> ENDPOINT = row -> new Endpoint(row.getLong("id"), row.getString("url"),
            row.getString("description"), strings(row, "event_types"), row.getTimestamp("created_at").toInstant(),
            instant(row.getTimestamp("disabled_at")), row.getString("secret"));

    private static final Sql.Row<Delivery> DELIVERY = row -> new Delivery(row.getLong("id"),
            row.getObject("event_id", UUID.class), row.getString("type"), row.getString("state"),
            row.getTimestamp("created_at").toInstant());

    /** The JSON of an article as events show it: RealtimeArticle in the contract. */
    private static final String ARTICLE_JSON = """
            jsonb_build_object('slug', a.slug, 'title', a.title, 'description', a.description,
                'author', jsonb_build_object('username', au.username, 'bio', au.bio, 'image', au.image))""";

    private final Sql sql;

    WebhookQueries(Sql sql) {
        this.sql = sql;
    }

    Endpoint insertEndpoint(long userId, String url, String description, List<String> eventTypes, String secret) {
        return sql.one("INSERT INTO webhook_endpoints (user_id, url, description, event_types, secret) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING " + ENDPOINT_COLUMNS, ENDPOINT,
                userId, url, description, Sql.textArray(eventTypes), secret);
    }

    List<Endpoint> endpoints(long userId) {
        return sql.list("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE user_id = ? ORDER BY id DESC",
                ENDPOINT, userId);
    }

    int countEndpointsLocked(long userId) {
        sql.first("SELECT id FROM users WHERE id = ? FOR UPDATE", row -> row.getLong(1), userId);
        return sql.one("SELECT count(*) FROM webhook_endpoints WHERE user_id = ?", row -> row.getInt(1), userId);
    }

    boolean owns(long userId, long endpointId) {
        return sql.one("SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = ? AND user_id = ?)",
                row -> row.getBoolean(1), endpointId, userId);
    }

    boolean deleteEndpoint(long userId, long endpointId) {
        return sql.update("DELETE FROM webhook_endpoints WHERE id = ? AND user_id = ?", endpointId, userId) == 1;
    }

    /** The old secret keeps signing until {@code overlapUntil}. */
    Optional<Endpoint> rotate(long userId, long endpointId, String secret, Instant overlapUntil) {
        return sql.first("""
                UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ?, secret = ?
                WHERE id = ? AND user_id = ? RETURNING\s""" + ENDPOINT_COLUMNS, ENDPOINT,
                overlapUntil, secret, endpointId, userId);
    }

    Optional<Endpoint> enable(long userId, long endpointId) {
        return sql.first("""
                UPDATE webhook_endpoints
                SET consecutive_failures = CASE WHEN disabled_at IS NULL THEN consecutive_failures ELSE 0 END,
                    disabled_at = NULL
                WHERE id = ? AND user_id = ? RETURNING\s""" + ENDPOINT_COLUMNS, ENDPOINT, endpointId, userId);
    }

    List<Delivery> deliveries(long endpointId, int limit) {
        return sql.list("""
                SELECT d.id, d.event_id, e.type, d.state, d.created_at
                FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ?""", DELIVERY, endpointId, limit);
    }

    Optional<Delivery> delivery(long endpointId, long deliveryId) {
        return sql.first("""
                SELECT d.id, d.event_id, e.type, d.state, d.created_at
                FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
                WHERE d.endpoint_id = ? AND d.id = ?""", DELIVERY, endpointId, deliveryId);
    }

    /** The attempts of these deliveries, by delivery, in order. */
    Map<Long, List<Attempt>> attempts(List<Long> deliveryIds) {
        Map<Long, List<Attempt>> byDelivery = new HashMap<>();
        sql.list("""
                SELECT delivery_id, attempt, started_at, status_code, duration_ms, error FROM webhook_attempts
                WHERE delivery_id = ANY (?) ORDER BY delivery_id, attempt""", row -> byDelivery
                .computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                .add(new Attempt(row.getInt(2), row.getTimestamp(3).toInstant(), (Integer) row.getObject(4),
                        row.getInt(5), row.getString(6))), Sql.bigintArray(deliveryIds));
        return byDelivery;
    }

    // Events: which endpoints want one, the event as it is now, and a delivery per endpoint.

    List<Long> endpointsOfUser(long userId, String type) {
        return sql.list("""
                SELECT id FROM webhook_endpoints
                WHERE user_id = ? AND disabled_at IS NULL AND ? = ANY (event_types)""", row -> row.getLong(1), userId, type);
    }

    List<Long> endpointsOfFollowers(long authorId, String type) {
        return sql.list("""
                SELECT e.id FROM webhook_endpoints e JOIN follows f ON f.follower_id = e.user_id
                WHERE f.followee_id = ? AND e.disabled_at IS NULL AND ? = ANY (e.event_types)""",
                row -> row.getLong(1), authorId, type);
    }

    /** The endpoints of the author of the article the comment is on. */
    List<Long> endpointsOfArticleAuthor(long commentId, String type) {
        return sql.list("""
                SELECT e.id FROM comments c JOIN articles a ON a.id = c.article_id
                JOIN webhook_endpoints e ON e.user_id = a.author_id
                WHERE c.id = ? AND e.disabled_at IS NULL AND ? = ANY (e.event_types)""",
                row -> row.getLong(1), commentId, type);
    }

    void insertArticleEvent(UUID id, String type, long articleId) {
        sql.update("INSERT INTO webhook_events (id, type, data) SELECT ?, ?, jsonb_build_object('article', "
                + ARTICLE_JSON + ") FROM articles a JOIN users au ON au.id = a.author_id WHERE a.id = ?",
                id, type, articleId);
    }

    void insertCommentEvent(UUID id, String type, long commentId) {
        sql.update("""
                INSERT INTO webhook_events (id, type, data)
                SELECT ?, ?, jsonb_build_object(
                    'comment', jsonb_build_object('id', c.id, 'body', c.body,
                        'createdAt', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                        'author', jsonb_build_object('username', cu.username, 'bio', cu.bio, 'image', cu.image)),
                    'article',\s""" + ARTICLE_JSON + """
                )
                FROM comments c JOIN users cu ON cu.id = c.author_id
                JOIN articles a ON a.id = c.article_id JOIN users au ON au.id = a.author_id
                WHERE c.id = ?""", id, type, commentId);
    }

    void insertFollowerEvent(UUID id, String type, long followerId) {
        sql.update("""
                INSERT INTO webhook_events (id, type, data)
                SELECT ?, ?, jsonb_build_object('follower', jsonb_build_object('username', u.username, 'bio', u.bio,
                    'image', u.image))
                FROM users u WHERE u.id = ?""", id, type, followerId);
    }

    long insertDelivery(long endpointId, UUID eventId) {
        return sql.one("INSERT INTO webhook_deliveries (endpoint_id, event_id) VALUES (?, ?) RETURNING id",
                row -> row.getLong(1), endpointId, eventId);
    }

    // The delivery job: its own units of work, outside any service.

    @Transactional(readOnly = true)
    Optional<Outgoing> outgoing(long deliveryId) {
        return sql.first("""
                SELECT d.id, d.endpoint_id, d.state, e.disabled_at IS NULL AS active, e.url, e.secret,
                       CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END AS previous_secret,
                       ev.id AS event_id, ev.type, ev.created_at, ev.data::text AS data
                FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.id = d.endpoint_id
                JOIN webhook_events ev ON ev.id = d.event_id
                WHERE d.id = ?""", row -> new Outgoing(row.getLong("id"), row.getLong("endpoint_id"),
                row.getString("state"), row.getBoolean("active"), row.getString("url"),
                row.getString("previous_secret") == null ? List.of(row.getString("secret"))
                        : List.of(row.getString("secret"), row.getString("previous_secret")),
                row.getObject("event_id", UUID.class), row.getString("type"),
                row.getTimestamp("created_at").toInstant(), row.getString("data")), deliveryId);
    }

    @Transactional
    void recordAttempt(long deliveryId, Instant startedAt, Integer statusCode, int durationMs, String error) {
        sql.update("""
                INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status_code, duration_ms, error)
                SELECT ?, coalesce(max(attempt), 0) + 1, ?, ?, ?, ? FROM webhook_attempts WHERE delivery_id = ?""",
                deliveryId, startedAt, statusCode, durationMs, error, deliveryId);
    }

    @Transactional
    void delivered(long deliveryId, long endpointId) {
        sql.update("UPDATE webhook_deliveries SET state = 'delivered' WHERE id = ?", deliveryId);
        sql.update("UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ?", endpointId);
    }

    /** Gives the delivery up; true if this made the endpoint reach {@code disableAfter} failures and disabled it. */
    @Transactional
    boolean failed(long deliveryId, int disableAfter) {
        Optional<Long> endpoint = sql.first(
                "UPDATE webhook_deliveries SET state = 'failed' WHERE id = ? AND state = 'pending' RETURNING endpoint_id",
                row -> row.getLong(1), deliveryId);
        if (endpoint.isEmpty()) {
            return false;
        }
        int failures = sql.first("""
                UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1
                WHERE id = ? AND disabled_at IS NULL RETURNING consecutive_failures""", row -> row.getInt(1),
                endpoint.get()).orElse(0);
        return failures >= disableAfter && sql.update(
                "UPDATE webhook_endpoints SET disabled_at = now() WHERE id = ? AND disabled_at IS NULL", endpoint.get()) == 1;
    }

    /** A delivery sent again: pending once more, with the attempts so far kept in the log. */
    void reopen(long deliveryId) {
        sql.update("UPDATE webhook_deliveries SET state = 'pending' WHERE id = ?", deliveryId);
    }

    @Transactional(readOnly = true)
    Optional<Owner> owner(long endpointId) {
        return sql.first("""
                SELECT u.email, u.username, e.url FROM webhook_endpoints e JOIN users u ON u.id = e.user_id
                WHERE e.id = ?""", row -> new Owner(row.getString(1), row.getString(2), row.getString(3)), endpointId);
    }

    private static List<String> strings(ResultSet row, String column) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) row.getArray(column).getArray()));
    }

    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
