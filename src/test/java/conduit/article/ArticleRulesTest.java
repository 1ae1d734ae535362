package conduit.article;

import conduit.system.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArticleRulesTest {

    @Test
    void tagsAreTrimmedBlanksDroppedAndDuplicatesKeptOnceInTheOrderGiven() {
        List<Problem> problems = new ArrayList<>();

        var tags = ArticleRules.cleanTags(Arrays.asList(" b ", "a", "", null, "b", "  "), problems);

        assertEquals(List.of("b", "a"), tags);
        assertEquals(List.of(), problems);
    }

    @Test
    void moreThanTwentyTagsOrATagOverSixtyFourCharactersIsAProblemWithTheTagList() {
        List<Problem> tooMany = new ArrayList<>();
        List<Problem> tooLong = new ArrayList<>();

        ArticleRules.cleanTags(java.util.stream.IntStream.range(0, 21).mapToObj(i -> "t" + i).toList(), tooMany);
        ArticleRules.cleanTags(List.of("x".repeat(65)), tooLong);

        assertEquals(List.of(new Problem("tagList", "has too many tags (maximum is 20)")), tooMany);
        assertEquals("tagList", tooLong.get(0).key());
    }

    @Test
    void textMustNotBeBlankOrTooLong() {
        List<Problem> problems = new ArrayList<>();

        ArticleRules.checkText("title", " \t", 10, problems);
        ArticleRules.checkText("body", "x".repeat(11), 10, problems);
        ArticleRules.checkText("description", "fine", 10, problems);

        assertEquals(List.of(Problem.blank("title"), Problem.tooLong("body", 10)), problems);
    }
}
