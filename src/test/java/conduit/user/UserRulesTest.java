package conduit.user;

import conduit.system.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserRulesTest {

    private static List<Problem> username(String value) {
        List<Problem> problems = new ArrayList<>();
        UserRules.checkUsername(value, problems);
        return problems;
    }

    private static List<Problem> password(String value) {
        List<Problem> problems = new ArrayList<>();
        UserRules.checkPassword(value, problems);
        return problems;
    }

    @Test
    void usernamesAreUrlSafeAndNeverOnlyDots() {
        assertEquals(List.of(), username("jake.r-r_2"));
        assertEquals(List.of(), username("Jürgen"));
        assertEquals(List.of(Problem.invalid("username")), username(".."));
        assertEquals("username", username("a/b").get(0).key());
        assertEquals(List.of(Problem.blank("username")), username(" "));
        assertEquals(List.of(Problem.tooLong("username", 64)), username("x".repeat(65)));
    }

    @Test
    void passwordsCountCharactersAsPeopleDoBetweenEightAndTwoHundredFiftySix() {
        assertEquals(List.of(), password("12345678"));
        assertEquals(List.of(), password("\uD83D\uDE00".repeat(8)), "eight emoji are eight characters");
        assertEquals(List.of(Problem.tooShort("password", 8)), password("\uD83D\uDE00".repeat(7)));
        assertEquals(List.of(Problem.tooLong("password", 256)), password("p".repeat(257)));
        assertEquals(List.of(Problem.blank("password")), password("        "));
    }

    @Test
    void emailsAreComparedLowercasedAndTrimmed() {
        assertEquals("jake@example.com", UserRules.normalizeEmail("  Jake@Example.COM "));
    }
}
