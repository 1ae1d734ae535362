package conduit.profile;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class ProfileApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void showsAProfileToAnonymousCallersAsNotFollowed() {
        var celeb = users.aUser();
        api.put("/api/user", "{\"user\":{\"bio\":\"famous\"}}", celeb.token());

        var response = api.get("/api/profiles/" + celeb.username(), null);

        assertEquals(200, response.status(), response.body());
        JsonNode profile = response.json().get("profile");
        assertEquals(celeb.username(), profile.get("username").getStringValue());
        assertEquals("famous", profile.get("bio").getStringValue());
        assertTrue(profile.get("image").isNull());
        assertFalse(profile.get("following").getBooleanValue());
        assertEquals(4, profile.size(), "exactly the RealWorld profile fields: " + response.body());
    }

    @Test
    void followAndUnfollowFlipFollowingForTheCaller() {
        var fan = users.aUser();
        var celeb = users.aUser();
        String path = "/api/profiles/" + celeb.username();

        var followed = api.post(path + "/follow", null, fan.token());
        assertEquals(200, followed.status(), followed.body());
        assertTrue(following(followed));
        assertTrue(following(api.get(path, fan.token())), "the profile now reads as followed by the fan");
        assertFalse(following(api.get(path, null)), "but not for anonymous callers");
        assertFalse(following(api.get("/api/profiles/" + fan.username(), celeb.token())), "following is one-way");

        var unfollowed = api.delete(path + "/follow", fan.token());
        assertEquals(200, unfollowed.status(), unfollowed.body());
        assertFalse(following(unfollowed));
        assertFalse(following(api.get(path, fan.token())));
    }

    @Test
    void followingTwiceAndUnfollowingTwiceAreHarmless() {
        var fan = users.aUser();
        var celeb = users.aUser();
        String path = "/api/profiles/" + celeb.username() + "/follow";

        assertEquals(200, api.post(path, null, fan.token()).status());
        var again = api.post(path, null, fan.token());
        assertEquals(200, again.status());
        assertTrue(following(again));

        assertEquals(200, api.delete(path, fan.token()).status());
        var againDeleted = api.delete(path, fan.token());
        assertEquals(200, againDeleted.status());
        assertFalse(following(againDeleted));
    }

    @Test
    void ignoresABodySentWithFollow() {
        var fan = users.aUser();
        var celeb = users.aUser();

        // The RealWorld Postman suite sends {"user":{"email":...}} with this request.
        var response = api.post("/api/profiles/" + celeb.username() + "/follow",
                "{\"user\":{\"email\":\"" + fan.email() + "\"}}", fan.token());

        assertEquals(200, response.status(), response.body());
        assertTrue(following(response));
    }

    @Test
    void findsProfilesRegardlessOfUsernameCase() {
        var celeb = users.aUser();

        var response = api.get("/api/profiles/" + celeb.username().toUpperCase(), null);

        assertEquals(200, response.status());
        assertEquals(celeb.username(), response.json().get("profile").get("username").getStringValue());
    }

    @Test
    void answersUnknownProfilesWith404() {
        var fan = users.aUser();
        String path = "/api/profiles/" + Users.uniqueName("ghost");

        for (var response : List.of(api.get(path, null), api.post(path + "/follow", null, fan.token()),
                api.delete(path + "/follow", fan.token()))) {
            assertEquals(404, response.status());
            assertEquals(List.of("profile not found"), response.errors());
        }
    }

    @Test
    void requiresATokenToFollowOrUnfollow() {
        var celeb = users.aUser();
        String path = "/api/profiles/" + celeb.username() + "/follow";

        assertEquals(401, api.post(path, null, null).status());
        assertEquals(401, api.delete(path, null).status());
        assertEquals(List.of("token is invalid"), api.post(path, null, "garbage").errors());
    }

    @Test
    void refusesToFollowOneself() {
        var narcissus = users.aUser();

        var response = api.post("/api/profiles/" + narcissus.username() + "/follow", null, narcissus.token());

        assertEquals(422, response.status());
        assertEquals(List.of("profile cannot be followed by yourself"), response.errors());
    }

    private static boolean following(Api.Response response) {
        return response.json().get("profile").get("following").getBooleanValue();
    }
}
