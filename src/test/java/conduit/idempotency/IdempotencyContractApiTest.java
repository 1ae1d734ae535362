package conduit.idempotency;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.SpecOperations;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations that honour an Idempotency-Key are exactly those whose contract declares the header, and each of
 * them does its whole write in one transaction, with a key or without: a failure after its first statement leaves
 * nothing behind. The failure is real: a trigger in PostgreSQL raises an error on the write's last table, only for
 * rows this test marks.
 */
@MicronautTest(transactional = false)
class IdempotencyContractApiTest extends ApiTestSupport {

    private static final String MARK = "txprobe";

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    /**
     * One idempotent operation: the headers for a key (or null), how to call it for a name, how to count the rows
     * it made for that name, and where its write ends: a table and, for the failure to inject there, a condition
     * on NEW that holds for marked names only.
     */
    private record Write(Function<String, Map<String, String>> headers, Call call, Counter rows, String lastTable,
                         String marked) {
    }

    @FunctionalInterface
    private interface Call {
        Api.Response send(String name, Map<String, String> headers, Sender sender);

        default Api.Response send(String name, Map<String, String> headers) {
            return send(name, headers, Sender.CHECKED);
        }
    }

    /** Api.send, or Api.sendDuringInjectedFailure while a trigger makes the write fail on purpose. */
    private enum Sender { CHECKED, INJECTED_FAILURE }

    private Api.Response send(Sender sender, String method, String path, String body, Map<String, String> headers) {
        return sender == Sender.CHECKED ? api.send(method, path, body, headers)
                : api.sendDuringInjectedFailure(method, path, body, headers);
    }

    @FunctionalInterface
    private interface Counter {
        long count(String name) throws SQLException;
    }

    private Map<String, Write> writes() {
        var author = users.aUser();
        var article = articles.anArticle(author);
        var commenter = users.aUser();
        Map<String, Write> writes = new HashMap<>();
        writes.put("createUser", new Write(key -> headers(key, null),
                (name, headers, sender) -> send(sender, "POST", "/api/users", """
                        {"user":{"username":"%s","email":"%s@example.com","password":"long enough"}}"""
                        .formatted(name, name), headers),
                name -> count("SELECT count(*) FROM users WHERE username = ?", name),
                // Registration's last write: the session's refresh token.
                "refresh_tokens", """
                (SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = NEW.session_id)
                LIKE 'txprobe%'"""));
        writes.put("createArticle", new Write(key -> headers(key, author.token()),
                (name, headers, sender) -> send(sender, "POST", "/api/articles", """
                        {"article":{"title":"%s","description":"d","body":"b","tagList":["one","two"]}}"""
                        .formatted(name), headers),
                name -> count("SELECT count(*) FROM articles WHERE title = ?", name),
                // Creating an article ends with linking its tags.
                "article_tags", "(SELECT a.title FROM articles a WHERE a.id = NEW.article_id) LIKE 'txprobe%'"));
        writes.put("createArticleComment", new Write(key -> headers(key, commenter.token()),
                (name, headers, sender) -> send(sender, "POST", article.path() + "/comments", """
                        {"comment":{"body":"%s"}}""".formatted(name), headers),
                name -> count("SELECT count(*) FROM comments WHERE body = ?", name),
                // A comment by someone else than the author ends with queueing the author's notification mail.
                "jobs", """
                NEW.kind = 'notification.comment'
                AND (SELECT c.body FROM comments c WHERE c.id = (NEW.payload ->> 'commentId')::bigint) LIKE 'txprobe%'
                """));
        return writes;
    }

    @Test
    void theOperationsThatTakeAKeyAreThoseTheContractDeclares() {
        var declared = SpecOperations.all().stream().filter(SpecOperations.Operation::idempotencyKey)
                .map(SpecOperations.Operation::operationId).collect(Collectors.toCollection(TreeSet::new));
        assertFalse(declared.isEmpty());
        assertEquals(declared, new TreeSet<>(writes().keySet()),
                "every operation declaring Idempotency-Key needs a row here, and only those");
    }

    @Test
    void eachDeclaredOperationReplaysARetryWithItsKeyAndWritesOnce() throws SQLException {
        for (var entry : writes().entrySet()) {
            Write write = entry.getValue();
            String name = Users.uniqueName(MARK.replace("tx", "rp"));
            String key = UUID.randomUUID().toString();

            Api.Response first = write.call().send(name, write.headers().apply(key));
            Api.Response retry = write.call().send(name, write.headers().apply(key));

            assertEquals(201, first.status(), entry.getKey() + ": " + first.body());
            assertFalse(first.header(IdempotentRequests.REPLAYED).isPresent(), entry.getKey());
            assertEquals(201, retry.status(), entry.getKey() + ": " + retry.body());
            assertEquals("true", retry.header(IdempotentRequests.REPLAYED).orElse(null), entry.getKey());
            assertEquals(1, write.rows().count(name), entry.getKey() + " wrote its row twice");
        }
    }

    @Test
    void aFailureAtTheEndOfTheWriteLeavesNothingWithOrWithoutAKey() throws SQLException {
        for (var entry : writes().entrySet()) {
            Write write = entry.getValue();
            String trigger = "fail_" + entry.getKey().toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 8);
            String withKey = Users.uniqueName(MARK);
            String withoutKey = Users.uniqueName(MARK);
            String key = UUID.randomUUID().toString();
            try {
                execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
                        + write.marked() + " THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$");
                execute("CREATE TRIGGER " + trigger + " AFTER INSERT ON " + write.lastTable()
                        + " FOR EACH ROW EXECUTE FUNCTION " + trigger + "()");

                Api.Response keyed = write.call().send(withKey, write.headers().apply(key), Sender.INJECTED_FAILURE);
                Api.Response plain = write.call().send(withoutKey, write.headers().apply(null), Sender.INJECTED_FAILURE);

                assertEquals(500, keyed.status(), entry.getKey() + ": the injected failure must happen: " + keyed.body());
                assertEquals(500, plain.status(), entry.getKey() + ": the injected failure must happen: " + plain.body());
                assertEquals(0, write.rows().count(withKey), entry.getKey() + " with a key kept a part of its write");
                assertEquals(0, write.rows().count(withoutKey), entry.getKey() + " without a key kept a part of its write");
            } finally {
                execute("DROP FUNCTION IF EXISTS " + trigger + "() CASCADE");
            }
            // Nothing was stored under the key either: its retry now runs afresh and succeeds.
            Api.Response retry = write.call().send(withKey, write.headers().apply(key));
            assertEquals(201, retry.status(), entry.getKey() + ": " + retry.body());
            assertTrue(retry.header(IdempotentRequests.REPLAYED).isEmpty(), entry.getKey());
            assertEquals(1, write.rows().count(withKey), entry.getKey());
        }
    }

    private static Map<String, String> headers(String key, String token) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        if (token != null) {
            headers.put("Authorization", "Token " + token);
        }
        return headers;
    }

    private static long count(String sql, String name) throws SQLException {
        try (Connection db = TestDatabase.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
