package conduit.article;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlugsTest {

    @Test
    void lowercasesAndJoinsWordsWithHyphens() {
        assertEquals("how-to-train-your-dragon", Slugs.of("How to Train Your Dragon!"));
        assertEquals("a-b", Slugs.of("  --A   b--  "));
    }

    @Test
    void dropsAccentsAndKeepsOnlyAsciiLettersAndDigits() {
        assertEquals("creme-brulee-2", Slugs.of("Crème Brûlée #2"));
        assertEquals("article", Slugs.of("日本語"), "a title with nothing left still gets a slug");
    }

    @Test
    void cutsLongTitlesAtEightyCharactersWithoutATrailingHyphen() {
        String slug = Slugs.of("word ".repeat(40));

        assertTrue(slug.length() <= Slugs.MAX_LENGTH, slug);
        assertFalse(slug.endsWith("-"), slug);
    }

    @Test
    void reservesTheFeedAndSuffixesWithSixCharacters() {
        assertTrue(Slugs.isReserved("feed"));
        assertFalse(Slugs.isReserved("feeding"));
        assertTrue(Slugs.withSuffix("feed").matches("feed-[a-z0-9]{6}"));
    }
}
