package conduit.apitoken;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenSecretsTest {

    @Test
    void secretsAreRecognisableUniqueAndCarryAChecksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = ApiTokenSecrets.generate();
            assertTrue(secret.matches("cdt_[A-Za-z0-9_-]{49}"), secret);
            assertEquals(ApiTokenSecrets.LENGTH, secret.length());
            assertTrue(ApiTokenSecrets.wellFormed(secret), secret);
            assertTrue(seen.add(secret));
        }
    }

    @Test
    void aChangedCharacterFailsTheChecksum() {
        String secret = ApiTokenSecrets.generate();
        int changed = 0;
        for (int i = 4; i < secret.length(); i++) {
            char replacement = secret.charAt(i) == 'a' ? 'b' : 'a';
            String altered = secret.substring(0, i) + replacement + secret.substring(i + 1);
            assertFalse(ApiTokenSecrets.wellFormed(altered), altered);
            changed++;
        }
        assertEquals(49, changed);
        assertFalse(ApiTokenSecrets.wellFormed("ghp_" + secret.substring(4)));
        assertFalse(ApiTokenSecrets.wellFormed(secret.substring(0, 52)));
        assertFalse(ApiTokenSecrets.wellFormed(secret.replace(secret.charAt(10), '+')));
    }
}
