package conduit.support;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixtures for users: {@code users.aUser()} registers a fresh, valid account through the API. */
@Singleton
public final class Users {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);

    private final Api api;

    Users(Api api) {
        this.api = api;
    }

    /** A registered user: the access token and refresh token of the session registration started. */
    public record Registered(String username, String email, String password, String token, String refreshToken) {
    }

    /** A username that no other test in this run uses. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + RUN + "_" + SEQUENCE.incrementAndGet();
    }

    public Registered aUser() {
        String username = uniqueName("user");
        return register(username, username + "@example.com", "correct horse battery staple");
    }

    /** A fresh user registered through a proxy on behalf of {@code clientAddress} (for rate-limit tests). */
    public Registered aUserFrom(String clientAddress) {
        String username = uniqueName("user");
        return register(username, username + "@example.com", "correct horse battery staple",
                Map.of("X-Forwarded-For", clientAddress));
    }

    public Registered register(String username, String email, String password) {
        return register(username, email, password, Map.of());
    }

    private Registered register(String username, String email, String password, Map<String, String> headers) {
        var response = api.send("POST", "/api/users", """
                {"user":{"username":"%s","email":"%s","password":"%s"}}""".formatted(username, email, password), headers);
        if (response.status() != 201) {
            throw new AssertionError("registration failed: " + response.status() + " " + response.body());
        }
        var user = response.json().get("user");
        return new Registered(username, email, password, user.get("token").getStringValue(),
                user.get("refreshToken").getStringValue());
    }
}
