package conduit.consistency;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica that accepts connections and never answers (a hung server, a network that drops packets): every read
 * still answers 200 from the primary, and only the first one waits for the replica, because a replica that failed is
 * left alone for CONDUIT_DB_REPLICA_RETRY_AFTER.
 */
@MicronautTest(transactional = false)
class ReplicaDownApiTest extends ApiTestSupport {

    private static final int READS = 40;

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    private ServerSocket hungReplica;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        try {
            hungReplica = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accepting = new Thread(() -> {
            while (!hungReplica.isClosed()) {
                try {
                    held.add(hungReplica.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "hung-replica");
        accepting.setDaemon(true);
        accepting.start();
        properties.put("conduit.database.replica.url",
                "jdbc:postgresql://127.0.0.1:" + hungReplica.getLocalPort() + "/conduit");
        properties.put("conduit.database.replica.retry-after", "5m");
        return properties;
    }

    @AfterAll
    void closeReplica() throws IOException {
        hungReplica.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void readsAnswerFromThePrimaryAndOnlyTheFirstWaitsForTheReplica() {
        var author = users.aUser();
        var article = articles.anArticle(author);

        long started = System.nanoTime();
        for (int i = 0; i < READS; i++) {
            var read = api.get(article.path(), null);
            assertEquals(200, read.status(), read.body());
            assertEquals(article.title(), read.json().get("article").get("title").getStringValue());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.println(READS + " anonymous reads with a hung replica: " + millis + " ms, all 200 from the primary");
        // Each read that tried the replica would wait 250 ms for a connection: 40 of them at least 10 s.
        assertTrue(millis < 5_000, READS + " reads took " + millis + " ms: the hung replica is tried again and again");
        assertTrue(held.size() > 0, "the replica was never tried");
    }
}
