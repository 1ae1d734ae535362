package conduit.auth;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two password changes sent at once with the same token: the first ends every session, the caller's included,
 * so the second must not also answer 200 with a token that is already dead. Exactly one wins, and its token works.
 */
@MicronautTest(transactional = false)
class PasswordChangeRaceApiTest extends ApiTestSupport {

    private static final int ROUNDS = 25;
    private static final int RACERS = 2;

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void ofConcurrentPasswordChangesOneWinsAndTheOthersAre401() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                var jake = users.aUser();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Api.Response>> answers = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    String password = "new password " + round + "-" + i;
                    answers.add(pool.submit(() -> {
                        start.await();
                        return api.put("/api/user", "{\"user\":{\"password\":\"" + password + "\"}}", jake.token());
                    }));
                }
                start.countDown();
                List<Api.Response> won = new ArrayList<>();
                for (var answer : answers) {
                    var response = answer.get();
                    if (response.status() == 200) {
                        won.add(response);
                    } else {
                        assertEquals(401, response.status(), response.body());
                        assertEquals(List.of("token has been revoked"), response.errors());
                    }
                }
                assertEquals(1, won.size(), "round " + round + ": exactly one change wins");
                String token = won.get(0).json().get("user").get("token").getStringValue();
                assertEquals(200, api.get("/api/user", token).status(), "the winner's new token works");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
