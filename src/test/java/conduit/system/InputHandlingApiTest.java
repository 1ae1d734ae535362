package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Input a lenient server would half-accept, each answered with the documented 4xx: values of the wrong JSON type
 * (no coercion), repeated query parameters, names that URLs cannot carry, bodies that hold no JSON value.
 */
@MicronautTest(transactional = false)
class InputHandlingApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNotCoerced() {
        var jake = users.aUser();
        for (String title : List.of("true", "[\"x\"]", "12", "{\"a\":1}")) {
            var response = api.post("/api/articles", "{\"article\":{\"title\":" + title + ",\"description\":\"d\",\"body\":\"b\"}}",
                    jake.token());
            assertEquals(422, response.status(), title + " -> " + response.body());
            assertEquals(Map.of("request", List.of("body has a field of the wrong type")), response.errorMap());
        }
        assertEquals(422, api.post("/api/auth/refresh", "{\"refreshToken\":12345}", null).status());
        assertEquals(422, api.post("/api/articles", "{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\","
                + "\"tagList\":[\"ok\",5]}}", jake.token()).status(), "no [5] becoming [\"5\"]");
        assertEquals(422, api.post("/api/users", "{\"user\":{\"username\":123,\"email\":\"n@example.com\",\"password\":\"long enough\"}}",
                null).status());
        assertEquals(0, api.get("/api/articles?author=" + jake.username(), null).json().get("articlesCount").getIntValue());
    }

    @Test
    void aLoneSurrogateIsRefusedInsteadOfStoredAsAQuestionMark() {
        var jake = users.aUser();

        var response = api.put("/api/user", "{\"user\":{\"bio\":\"\\ud800x\"}}", jake.token());

        assertEquals(422, response.status(), response.body());
        assertEquals(200, api.put("/api/user", "{\"user\":{\"bio\":\"\\ud83d\\ude00 fine\"}}", jake.token()).status(),
                "a proper pair is an emoji");
    }

    @Test
    void aRepeatedQueryParameterIsRefusedRatherThanJoined() {
        var tag = api.get("/api/articles?tag=a&tag=b", null);
        var limit = api.get("/api/articles?limit=1&limit=2", null);

        assertEquals(422, tag.status());
        assertEquals(Map.of("tag", List.of("must be given once")), tag.errorMap());
        assertEquals(Map.of("limit", List.of("must be given once")), limit.errorMap());
    }

    @Test
    void usernamesThatUrlNormalisationChangesAreInvalid() {
        for (String name : List.of(".", "..", "...")) {
            var response = api.post("/api/users", """
                    {"user":{"username":"%s","email":"%s@example.com","password":"long enough"}}"""
                    .formatted(name, Users.uniqueName("dots")), null);
            assertEquals(422, response.status(), name);
            assertEquals(Map.of("username", List.of("is invalid")), response.errorMap());
        }
        assertEquals(201, api.post("/api/users", """
                {"user":{"username":"j.r.r","email":"%s@example.com","password":"long enough"}}"""
                .formatted(Users.uniqueName("dots")), null).status(), "dots inside a name are fine");
    }

    @Test
    void aBodyWithNoJsonValueOrNestedTooDeepIsMalformed() {
        var whitespace = api.post("/api/users", "  \n\t ", null);
        var deepArrays = api.post("/api/users", "[".repeat(33) + "]".repeat(33), null);

        assertEquals(400, whitespace.status(), whitespace.body());
        assertEquals(Map.of("request", List.of("body is missing")), whitespace.errorMap());
        assertEquals(400, deepArrays.status(), deepArrays.body());
        assertEquals(Map.of("request", List.of("body is nested deeper than 32 levels")), deepArrays.errorMap());
    }

    @Test
    void anAcceptHeaderWithoutJsonGetsTheDocumented406() {
        var response = api.send("GET", "/api/tags", null, Map.of("Accept", "application/xml"));

        assertEquals(406, response.status(), response.body());
        assertEquals(Map.of("accept", List.of("only application/json responses are available")), response.errorMap());
    }
}
