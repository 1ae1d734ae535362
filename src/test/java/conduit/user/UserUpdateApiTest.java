package conduit.user;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PUT /api/user means what it says (RealWorld 2.0.0): a field left out stays, {@code null} clears bio and image,
 * and the fields that cannot be empty refuse {@code null} and blanks. Passwords follow NIST SP 800-63B: at least
 * 8 characters, up to 256, no composition rules, counted as a person counts them.
 */
@MicronautTest(transactional = false)
class UserUpdateApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void nullClearsBioAndImageAndAbsentFieldsStayAsTheyAre() {
        var jake = users.aUser();
        api.put("/api/user", "{\"user\":{\"bio\":\"I skate\",\"image\":\"https://example.com/j.png\"}}", jake.token());

        JsonNode kept = update(jake, "{\"user\":{\"username\":\"%s\"}}".formatted(jake.username()));
        assertEquals("I skate", kept.get("bio").getStringValue(), "bio left out stays");
        assertEquals("https://example.com/j.png", kept.get("image").getStringValue(), "image left out stays");

        JsonNode cleared = update(jake, "{\"user\":{\"bio\":null,\"image\":null}}");
        assertTrue(cleared.get("bio").isNull(), "null clears bio");
        assertTrue(cleared.get("image").isNull(), "null clears image");
        assertTrue(api.get("/api/user", jake.token()).json().get("user").get("bio").isNull(), "and it is stored");
    }

    @Test
    void anEmptyStringClearsBioToo() {
        var jake = users.aUser();
        api.put("/api/user", "{\"user\":{\"bio\":\"something\"}}", jake.token());

        assertTrue(update(jake, "{\"user\":{\"bio\":\"\"}}").get("bio").isNull());
    }

    @Test
    void nullOrBlankEmailUsernameOrPasswordIs422AndChangesNothing() {
        var jake = users.aUser();
        var cases = Map.of(
                "{\"user\":{\"email\":null,\"bio\":\"not saved\"}}", Map.of("email", List.of("can't be blank")),
                "{\"user\":{\"username\":null,\"bio\":\"not saved\"}}", Map.of("username", List.of("can't be blank")),
                "{\"user\":{\"password\":null,\"bio\":\"not saved\"}}", Map.of("password", List.of("can't be blank")),
                "{\"user\":{\"password\":\"\",\"bio\":\"not saved\"}}", Map.of("password", List.of("can't be blank")),
                "{\"user\":{\"email\":\"  \",\"username\":\"\"}}",
                Map.of("email", List.of("can't be blank"), "username", List.of("can't be blank")),
                "{\"user\":{\"emailNotifications\":null}}", Map.of("emailNotifications", List.of("can't be blank")));

        cases.forEach((body, errors) -> {
            var response = api.put("/api/user", body, jake.token());
            assertEquals(422, response.status(), body + " -> " + response.body());
            assertEquals(errors, response.errorMap(), body);
        });
        JsonNode unchanged = api.get("/api/user", jake.token()).json().get("user");
        assertEquals(jake.email(), unchanged.get("email").getStringValue());
        assertEquals(jake.username(), unchanged.get("username").getStringValue());
        assertTrue(unchanged.get("bio").isNull(), "no failed request saved its bio");
        assertEquals(200, login(jake.email(), jake.password()).status(), "the password is unchanged");
    }

    @Test
    void passwordsShorterThanEightCharactersAreRefusedOnRegisterAndUpdate() {
        var jake = users.aUser();
        for (String password : List.of("x", "1234567", "ab\uD83D\uDE00cdef")) {
            var updated = api.put("/api/user", "{\"user\":{\"password\":\"%s\"}}".formatted(password), jake.token());
            assertEquals(422, updated.status(), password);
            assertEquals(Map.of("password", List.of("is too short (minimum is 8 characters)")), updated.errorMap());

            String name = Users.uniqueName("short");
            var registered = api.post("/api/users", """
                    {"user":{"username":"%s","email":"%s@example.com","password":"%s"}}""".formatted(name, name, password),
                    null);
            assertEquals(422, registered.status(), password);
            assertEquals(Map.of("password", List.of("is too short (minimum is 8 characters)")), registered.errorMap());
        }
        assertEquals(200, login(jake.email(), jake.password()).status(), "refused changes changed nothing");
    }

    @Test
    void passwordsOfEightToTwoHundredFiftySixCharactersOfAnyKindAreAccepted() {
        // An emoji is one character to a person (two UTF-16 units); spaces and letters only are fine (no composition rules).
        for (String password : List.of("abcdefgh", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00ab\uD83D\uDE00\uD83D\uDE00",
                "all lower case words", "x".repeat(64), "y".repeat(256))) {
            var jake = users.aUser();
            assertEquals(200, api.put("/api/user", "{\"user\":{\"password\":\"%s\"}}".formatted(password), jake.token())
                    .status(), password);
            assertEquals(200, login(jake.email(), password).status(), "the new password logs in: " + password);

            String name = Users.uniqueName("long");
            assertEquals(201, api.post("/api/users", """
                    {"user":{"username":"%s","email":"%s@example.com","password":"%s"}}""".formatted(name, name, password),
                    null).status(), password);
        }
    }

    @Test
    void passwordsLongerThanTwoHundredFiftySixCharactersAreRefused() {
        var jake = users.aUser();

        var response = api.put("/api/user", "{\"user\":{\"password\":\"%s\"}}".formatted("z".repeat(257)), jake.token());

        assertEquals(422, response.status());
        assertEquals(Map.of("password", List.of("is too long (maximum is 256 characters)")), response.errorMap());
    }

    private JsonNode update(Users.Registered user, String body) {
        var response = api.put("/api/user", body, user.token());
        assertEquals(200, response.status(), body + " -> " + response.body());
        return response.json().get("user");
    }

    private Api.Response login(String email, String password) {
        return api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(email, password), null);
    }
}
