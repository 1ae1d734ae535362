package conduit.support;

import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Fixtures for articles: {@code articles.anArticle(author)} publishes a fresh, valid article through the API. */
@Singleton
public final class Articles {

    private final Api api;

    Articles(Api api) {
        this.api = api;
    }

    /** An article as its author published it; {@code tagList} is as the API returned it (sorted). */
    public record Published(String slug, String title, String description, String body, List<String> tagList,
                            String author) {

        public String path() {
            return "/api/articles/" + slug;
        }
    }

    public Published anArticle(Users.Registered author) {
        return anArticle(author, List.of());
    }

    public Published anArticle(Users.Registered author, List<String> tags) {
        return publish(author, "Article " + Users.uniqueName("title"), tags);
    }

    public Published publish(Users.Registered author, String title, List<String> tags) {
        String tagList = tags.stream().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(",", "[", "]"));
        var response = api.post("/api/articles", """
                {"article":{"title":"%s","description":"What it is about","body":"What it says","tagList":%s}}"""
                .formatted(title, tagList), author.token());
        if (response.status() != 201) {
            throw new AssertionError("publishing failed: " + response.status() + " " + response.body());
        }
        JsonNode article = response.json().get("article");
        return new Published(article.get("slug").getStringValue(), article.get("title").getStringValue(),
                article.get("description").getStringValue(), article.get("body").getStringValue(),
                strings(article.get("tagList")), author.username());
    }

    /** The string values of a JSON array, in order. */
    public static List<String> strings(JsonNode array) {
        return IntStream.range(0, array.size()).mapToObj(i -> array.get(i).getStringValue()).toList();
    }
}
