package conduit.system;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EtagsTest {

    private static final String TAG = Etags.of("{\"tags\":[]}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTagIsAQuotedHashThatChangesWithTheBytes() {
        assertTrue(TAG.matches("\"[0-9a-f]{32}\""), TAG);
        assertEquals(TAG, Etags.of("{\"tags\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(TAG, Etags.of("{\"tags\":[\"a\"]}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ifNoneMatchMatchesTheTagInAListWeakOrAStar() {
        assertTrue(Etags.matches(TAG, TAG));
        assertTrue(Etags.matches("\"other\", " + TAG, TAG));
        assertTrue(Etags.matches("W/" + TAG, TAG), "If-None-Match uses the weak comparison");
        assertTrue(Etags.matches("*", TAG));
        assertFalse(Etags.matches("\"other\"", TAG));
        assertFalse(Etags.matches(TAG.replace("\"", ""), TAG), "unquoted is another tag");
    }
}
