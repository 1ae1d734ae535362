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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class UserApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void registersAndReturnsTheUserWithATokenAndNullBioAndImage() {
        String name = Users.uniqueName("jake");
        var response = api.post("/api/users", """
                {"user":{"username":"%s","email":"%s@Example.COM","password":"jakejake"}}""".formatted(name, name), null);

        assertEquals(201, response.status(), response.body());
        JsonNode user = response.json().get("user");
        assertEquals(name, user.get("username").getStringValue());
        assertEquals(name.toLowerCase() + "@example.com", user.get("email").getStringValue(), "emails are stored lowercased");
        assertTrue(user.get("bio").isNull(), "bio is present and null");
        assertTrue(user.get("image").isNull(), "image is present and null");
        assertEquals(3, user.get("token").getStringValue().split("\\.").length, "token is a JWT");
        assertTrue(user.get("refreshToken").getStringValue().length() >= 43, "a refresh token: " + response.body());
        assertTrue(user.get("emailNotifications").getBooleanValue(), "notifications are on for new users");
        assertEquals(7, user.size(), "the RealWorld user fields plus refreshToken and emailNotifications: " + response.body());
        assertFalse(response.body().contains("argon2"), "the password hash never leaves the server");
    }

    @Test
    void registrationIgnoresUnknownFields() {
        String name = Users.uniqueName("extra");
        var response = api.post("/api/users", """
                {"user":{"username":"%s","email":"%s@example.com","password":"long enough","role":"admin"},"x":1}""".formatted(name, name), null);

        assertEquals(201, response.status(), response.body());
    }

    @Test
    void rejectsMissingFieldsWith422AndOneMessagePerField() {
        var response = api.post("/api/users", "{\"user\":{}}", null);

        assertEquals(422, response.status());
        assertEquals(List.of("email can't be blank", "password can't be blank", "username can't be blank"), response.errors());
    }

    @Test
    void rejectsAMissingUserObjectWith422() {
        var response = api.post("/api/users", "{}", null);

        assertEquals(422, response.status());
        assertEquals(List.of("user can't be blank"), response.errors());
    }

    @Test
    void rejectsBlankAndMalformedFieldsWith422() {
        var response = api.post("/api/users", """
                {"user":{"username":"   ","email":"not-an-email","password":""}}""", null);

        assertEquals(422, response.status());
        assertEquals(List.of("username can't be blank", "email is invalid", "password can't be blank"), response.errors());
    }

    @Test
    void rejectsDuplicateEmailAndUsernameWith409RegardlessOfCase() {
        var existing = users.aUser();

        var response = api.post("/api/users", """
                {"user":{"username":"%s","email":"%s","password":"another one"}}"""
                .formatted(existing.username().toUpperCase(), existing.email().toUpperCase()), null);

        assertEquals(409, response.status());
        assertEquals(Map.of("username", List.of("has already been taken"), "email", List.of("has already been taken")),
                response.errorMap());
    }

    @Test
    void logsInWithEmailAndPassword() {
        var jake = users.aUser();

        var response = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(jake.email().toUpperCase(), jake.password()), null);

        assertEquals(200, response.status(), response.body());
        JsonNode user = response.json().get("user");
        assertEquals(jake.username(), user.get("username").getStringValue());
        assertNotNull(user.get("token").getStringValue());
        assertEquals(200, api.get("/api/user", user.get("token").getStringValue()).status(), "the new token works");
    }

    @Test
    void rejectsAWrongPasswordAndAnUnknownEmailAlikeWith401() {
        var jake = users.aUser();

        var wrongPassword = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"wrong"}}""".formatted(jake.email()), null);
        var unknownEmail = api.post("/api/users/login", """
                {"user":{"email":"nobody-%s","password":"wrong"}}""".formatted(jake.email()), null);

        assertEquals(401, wrongPassword.status());
        assertEquals(401, unknownEmail.status());
        assertEquals(Map.of("credentials", List.of("invalid")), wrongPassword.errorMap());
        assertEquals(wrongPassword.errors(), unknownEmail.errors(), "no hint whether the account exists");
    }

    @Test
    void rejectsLoginWithBlankFieldsWith422() {
        var response = api.post("/api/users/login", "{\"user\":{\"email\":\"\",\"password\":\"\"}}", null);

        assertEquals(422, response.status());
        assertEquals(List.of("email can't be blank", "password can't be blank"), response.errors());
    }

    @Test
    void returnsTheCurrentUserForTokenAndBearerSchemes() {
        var jake = users.aUser();

        var withToken = api.send("GET", "/api/user", null, Map.of("Authorization", "Token " + jake.token()));
        var withBearer = api.send("GET", "/api/user", null, Map.of("Authorization", "Bearer " + jake.token()));

        for (var response : List.of(withToken, withBearer)) {
            assertEquals(200, response.status(), response.body());
            JsonNode user = response.json().get("user");
            assertEquals(jake.username(), user.get("username").getStringValue());
            assertEquals(jake.email(), user.get("email").getStringValue());
            assertEquals(jake.token(), user.get("token").getStringValue());
        }
    }

    @Test
    void rejectsMissingAndMalformedTokensWith401() {
        var expected = Map.of(
                Map.<String, String>of(), "is missing",
                Map.of("Authorization", "Basic dXNlcjpwYXNz"), "is missing",
                Map.of("Authorization", "Token not-a-jwt"), "is invalid",
                Map.of("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmVkIGJ5IHNvbWVvbmUgZWxzZQ"),
                "is invalid");
        expected.forEach((headers, problem) -> {
            var response = api.send("GET", "/api/user", null, headers);

            assertEquals(401, response.status(), headers.toString());
            assertEquals(Map.of("token", List.of(problem)), response.errorMap(), headers.toString());
        });
    }

    @Test
    void updatesBioImageAndPasswordAndTheNewPasswordLogsIn() {
        var jake = users.aUser();

        var response = api.put("/api/user", """
                {"user":{"bio":"I like to skateboard","image":"https://example.com/jake.png","password":"new secret"}}""",
                jake.token());

        assertEquals(200, response.status(), response.body());
        JsonNode user = response.json().get("user");
        assertEquals("I like to skateboard", user.get("bio").getStringValue());
        assertEquals("https://example.com/jake.png", user.get("image").getStringValue());
        assertEquals(jake.username(), user.get("username").getStringValue(), "fields left out are unchanged");
        assertEquals(jake.email(), user.get("email").getStringValue(), "fields left out are unchanged");

        assertEquals(401, login(jake.email(), jake.password()).status(), "the old password no longer works");
        assertEquals(200, login(jake.email(), "new secret").status(), "the new password works");
    }

    @Test
    void changesUsernameAndEmailAndTheTokenStillWorks() {
        var jake = users.aUser();
        String newName = Users.uniqueName("renamed");

        var response = api.put("/api/user", """
                {"user":{"username":"%s","email":"%s@example.com"}}""".formatted(newName, newName), jake.token());

        assertEquals(200, response.status(), response.body());
        var current = api.get("/api/user", jake.token());
        assertEquals(newName, current.json().get("user").get("username").getStringValue());
        assertEquals(newName.toLowerCase() + "@example.com", current.json().get("user").get("email").getStringValue());
    }

    @Test
    void rejectsAnUpdateToATakenEmailAndChangesNothing() {
        var jake = users.aUser();
        var other = users.aUser();

        var response = api.put("/api/user", """
                {"user":{"email":"%s","bio":"should not be saved"}}""".formatted(other.email()), jake.token());

        assertEquals(409, response.status());
        assertEquals(Map.of("email", List.of("has already been taken")), response.errorMap());
        JsonNode unchanged = api.get("/api/user", jake.token()).json().get("user");
        assertEquals(jake.email(), unchanged.get("email").getStringValue());
        assertTrue(unchanged.get("bio").isNull(), "a failed request changes nothing");
    }

    @Test
    void rejectsInvalidUpdateFieldsWith422() {
        var jake = users.aUser();

        var response = api.put("/api/user", """
                {"user":{"email":"nope","username":"","image":"javascript:alert(1)"}}""", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("username can't be blank", "email is invalid", "image must be an http or https URL"),
                response.errors());
    }

    @Test
    void rejectsAnUpdateWithoutATokenWith401() {
        var response = api.put("/api/user", "{\"user\":{\"bio\":\"x\"}}", null);

        assertEquals(401, response.status());
        assertEquals(Map.of("token", List.of("is missing")), response.errorMap());
    }

    @Test
    void eachTokenSpeaksForItsOwnUser() {
        var jake = users.aUser();
        var jane = users.aUser();

        for (var user : List.of(jake, jane)) {
            var response = api.get("/api/user", user.token());
            assertEquals(200, response.status(), response.body());
            assertEquals(user.username(), response.json().get("user").get("username").getStringValue());
        }
    }

    private Api.Response login(String email, String password) {
        return api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(email, password), null);
    }

    @Test
    void emailNotificationsMustBeAJsonBoolean() {
        var jake = users.aUser();

        for (String value : List.of("\"yes\"", "\"false\"", "0", "1", "[]")) {
            var response = api.put("/api/user", "{\"user\":{\"emailNotifications\":" + value + "}}", jake.token());
            assertEquals(422, response.status(), value + " -> " + response.body());
        }
        var off = api.put("/api/user", "{\"user\":{\"emailNotifications\":false}}", jake.token());
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().get("user").get("emailNotifications").getBooleanValue());
    }
}
