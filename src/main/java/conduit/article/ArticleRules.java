package conduit.article;

import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Field rules for articles; each broken rule is one RealWorld message. */
final class ArticleRules {

    static final int TITLE_MAX = 200;
    static final int DESCRIPTION_MAX = 1_000;
    static final int BODY_MAX = 100_000;
    static final int TAGS_MAX = 20;
    static final int TAG_MAX = 64;

    private ArticleRules() {
    }

    static void checkText(String field, @Nullable String value, int max, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.blank(field));
        } else if (value.length() > max) {
            problems.add(Problem.tooLong(field, max));
        }
    }

    /** Trims every tag, drops blank ones and keeps the first of duplicates, in the order given. */
    static List<String> cleanTags(@Nullable List<String> tags, List<Problem> problems) {
        if (tags == null) {
            return List.of();
        }
        Set<String> clean = new LinkedHashSet<>();
        for (String tag : tags) {
            String trimmed = tag == null ? "" : tag.trim();
            if (trimmed.length() > TAG_MAX) {
                problems.add(new Problem("tagList", "has a tag that is too long (maximum is " + TAG_MAX + " characters)"));
                return List.of();
            }
            if (!trimmed.isEmpty()) {
                clean.add(trimmed);
            }
        }
        if (clean.size() > TAGS_MAX) {
            problems.add(new Problem("tagList", "has too many tags (maximum is " + TAGS_MAX + ")"));
        }
        return new ArrayList<>(clean);
    }
}
