package conduit.realtime;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a connected client receives: comments it subscribed to, articles of those it follows, its new followers. */
@MicronautTest(transactional = false)
class EventSocketApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;


    @Inject
    JsonMapper json;

    @Test
    void aSubscribedSocketReceivesNewCommentsOnTheArticle() {
        var author = users.aUser();
        var reader = users.aUser();
        var commenter = users.aUser();
        api.put("/api/user", "{\"user\":{\"bio\":\"I comment\",\"image\":\"https://example.com/c.png\"}}", commenter.token());
        var article = articles.anArticle(author);

        try (var client = connect(reader)) {
            client.subscribe(article.slug());
            long id = comment(article, commenter, "First!");

            JsonNode event = client.next();
            assertEquals("comment.created", event.get("type").getStringValue());
            assertEquals(article.slug(), event.get("article").get("slug").getStringValue());
            assertEquals(article.title(), event.get("article").get("title").getStringValue());
            assertEquals(author.username(), event.get("article").get("author").get("username").getStringValue());
            JsonNode comment = event.get("comment");
            assertEquals(id, comment.get("id").getLongValue());
            assertEquals("First!", comment.get("body").getStringValue());
            assertEquals(commenter.username(), comment.get("author").get("username").getStringValue());
            assertEquals("I comment", comment.get("author").get("bio").getStringValue());
            assertEquals("https://example.com/c.png", comment.get("author").get("image").getStringValue());
        }
    }

    @Test
    void afterUnsubscribingCommentsOnThatArticleStopComing() {
        var author = users.aUser();
        var dropped = articles.anArticle(author);
        var kept = articles.anArticle(author);

        try (var client = connect(users.aUser())) {
            client.subscribe(dropped.slug());
            client.subscribe(kept.slug());
            client.send("{\"type\":\"unsubscribe\",\"article\":\"" + dropped.slug() + "\"}");
            assertEquals("unsubscribed", client.next().get("type").getStringValue());

            comment(dropped, author, "not for you");
            comment(kept, author, "for you");

            // Notifications arrive in commit order, so the first event would be the dropped article's.
            assertEquals(kept.slug(), client.next().get("article").get("slug").getStringValue());
        }
    }

    @Test
    void socketsNotSubscribedToAnArticleDoNotGetItsComments() {
        var author = users.aUser();
        var quiet = articles.anArticle(author);
        var watched = articles.anArticle(author);

        try (var client = connect(users.aUser())) {
            client.subscribe(watched.slug());
            comment(quiet, author, "elsewhere");
            comment(watched, author, "here");

            assertEquals("here", client.next().get("comment").get("body").getStringValue());
        }
    }

    @Test
    void followersReceiveNewArticlesOfTheUsersTheyFollow() {
        var author = users.aUser();
        var follower = users.aUser();
        api.post("/api/profiles/" + author.username() + "/follow", null, follower.token());

        try (var client = connect(follower)) {
            var article = articles.anArticle(author);

            JsonNode event = client.next();
            assertEquals("article.created", event.get("type").getStringValue());
            assertEquals(article.slug(), event.get("article").get("slug").getStringValue());
            assertEquals(article.title(), event.get("article").get("title").getStringValue());
            assertEquals(article.description(), event.get("article").get("description").getStringValue());
            assertEquals(author.username(), event.get("article").get("author").get("username").getStringValue());
        }
    }

    @Test
    void articlesOfUsersNotFollowedDoNotArrive() {
        var stranger = users.aUser();
        var followed = users.aUser();
        var reader = users.aUser();
        api.post("/api/profiles/" + followed.username() + "/follow", null, reader.token());

        try (var client = connect(reader)) {
            articles.anArticle(stranger);
            var expected = articles.anArticle(followed);

            assertEquals(expected.slug(), client.next().get("article").get("slug").getStringValue());
        }
    }

    @Test
    void aUserIsToldAboutANewFollowerOnce() {
        var followee = users.aUser();
        var first = users.aUser();
        var second = users.aUser();

        try (var client = connect(followee)) {
            String path = "/api/profiles/" + followee.username() + "/follow";
            api.post(path, null, first.token());
            api.post(path, null, first.token());
            api.post(path, null, second.token());

            JsonNode event = client.next();
            assertEquals("follower.added", event.get("type").getStringValue());
            assertEquals(first.username(), event.get("follower").get("username").getStringValue());
            assertTrue(event.get("follower").get("bio").isNull());
            // Following again changes nothing, so the next event is already the second follower's.
            assertEquals(second.username(), client.next().get("follower").get("username").getStringValue());
        }
    }

    @Test
    void badMessagesGetAnErrorReplyAndTheSocketStaysUsable() {
        var article = articles.anArticle(users.aUser());

        try (var client = connect(users.aUser())) {
            for (String bad : new String[] {"hello", "{}", "[1,2]", "{\"type\":\"dance\",\"article\":\"x\"}",
                    "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"article\":{}}", "{\"type\":\"subscribe\",\"article\":\" \"}"}) {
                client.send(bad);
                JsonNode reply = client.next();
                assertEquals("error", reply.get("type").getStringValue(), bad);
                assertEquals("invalid-message", reply.get("code").getStringValue(), bad);
            }
            client.send("{\"type\":\"subscribe\",\"article\":\"no-such-article\"}");
            JsonNode notFound = client.next();
            assertEquals("article-not-found", notFound.get("code").getStringValue());
            assertEquals("no-such-article", notFound.get("article").getStringValue());

            client.subscribe(article.slug());
        }
    }

    @Test
    void aMessageSentTheMomentTheSocketOpensIsAnswered() {
        var user = users.aUser();
        var article = articles.anArticle(user);
        String subscribe = "{\"type\":\"subscribe\",\"article\":\"" + article.slug() + "\"}";

        for (int i = 0; i < 20; i++) {
            try (var client = EventClient.connectSending(api.url(), ticketUrl(user), subscribe, json)) {
                assertEquals("subscribed " + article.slug(), reply(client.next()), "socket " + i);
            }
        }
    }

    @Test
    void repliesComeInTheOrderOfTheMessages() {
        var author = users.aUser();
        var first = articles.anArticle(author);
        var second = articles.anArticle(author);

        try (var client = connect(users.aUser())) {
            for (int i = 0; i < 5; i++) {
                client.send("{\"type\":\"subscribe\",\"article\":\"" + first.slug() + "\"}");
                client.send("{\"type\":\"unsubscribe\",\"article\":\"" + first.slug() + "\"}");
                client.send("{\"type\":\"subscribe\",\"article\":\"" + second.slug() + "\"}");
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("subscribed " + first.slug(), reply(client.next()));
                assertEquals("unsubscribed " + first.slug(), reply(client.next()));
                assertEquals("subscribed " + second.slug(), reply(client.next()));
            }
        }
    }

    @Test
    void aSocketMaySubscribeToAtMostOneHundredArticles() {
        var author = users.aUser();
        try (var client = connect(users.aUser())) {
            for (int i = 0; i < Socket.MAX_SUBSCRIPTIONS; i++) {
                client.subscribe(articles.anArticle(author).slug());
            }
            client.send("{\"type\":\"subscribe\",\"article\":\"" + articles.anArticle(author).slug() + "\"}");

            assertEquals("too-many-subscriptions", client.next().get("code").getStringValue());
        }
    }

    @Test
    void anOversizedMessageClosesTheSocketWith1009() {
        try (var client = connect(users.aUser())) {
            client.send("{\"type\":\"subscribe\",\"article\":\"" + "x".repeat(EventSocket.MAX_MESSAGE_BYTES) + "\"}");

            assertEquals(1009, client.closed().code());
        }
    }

    private static String reply(JsonNode reply) {
        return reply.get("type").getStringValue() + " " + reply.get("article").getStringValue();
    }

    private EventClient connect(Users.Registered user) {
        return EventClient.connect(api.url(), ticketUrl(user), json);
    }

    private String ticketUrl(Users.Registered user) {
        var response = api.post("/api/events/tickets", null, user.token());
        assertEquals(201, response.status(), response.body());
        return response.json().get("ticket").get("url").getStringValue();
    }

    private long comment(Articles.Published article, Users.Registered author, String body) {
        var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"" + body + "\"}}", author.token());
        assertEquals(201, response.status(), response.body());
        return response.json().get("comment").get("id").getLongValue();
    }
}
