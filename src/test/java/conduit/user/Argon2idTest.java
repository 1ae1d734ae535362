package conduit.user;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our Argon2id against outside truths: the test vector of RFC 9106 (section 5.3), Bouncy Castle's independent
 * implementation on varied parameters with one reused area, and a hash stored by the library used before (Password4j).
 */
class Argon2idTest {

    @Test
    void theRfc9106TestVector() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        var parameters = new Argon2id.Parameters(32, 3, 4, 32);

        byte[] tag = new Argon2id(new long[Argon2id.areaLongs(parameters)]).hash(parameters, password, salt, secret, associated);

        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag));
    }

    @Test
    void agreesWithBouncyCastleOnVariedParametersReusingOneArea() {
        Random random = new Random(20261203);
        long[] area = new long[Argon2id.areaLongs(new Argon2id.Parameters(1024, 1, 1, 32))];
        Argon2id ours = new Argon2id(area);
        int[][] cases = {{8, 1, 1, 4}, {64, 1, 1, 32}, {64, 3, 2, 64}, {256, 2, 4, 65}, {1024, 1, 1, 100}, {100, 2, 3, 32},
                {1000, 2, 1, 16}, {32, 4, 4, 1024}};
        for (int[] c : cases) {
            var parameters = new Argon2id.Parameters(c[0], c[1], c[2], c[3]);
            byte[] password = bytes(random, random.nextInt(40));
            byte[] salt = bytes(random, 8 + random.nextInt(24));

            byte[] theirs = new byte[c[3]];
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(c[0]).withIterations(c[1])
                    .withParallelism(c[2]).withSalt(salt).build());
            generator.generateBytes(password, theirs);

            assertArrayEquals(theirs, ours.hash(parameters, password, salt), Arrays.toString(c));
        }
    }

    @Test
    void verifiesAHashStoredByTheEarlierLibraryAndRefusesAnyOtherPassword() {
        // Made by Password4j 1.8.4 with the same OWASP parameters, as the users table holds them.
        String stored = "$argon2id$v=19$m=19456,t=2,p=1$k0pmwZUPl2fnXm259mzgqw$vv5yWchCruX+92LaybhvHIvYk9qcQGS3BTFRsxSffGw";
        var hasher = new PasswordHasher();

        assertTrue(hasher.matches("correct horse battery staple", stored));
        assertFalse(hasher.matches("correct horse battery stapler", stored));
        assertFalse(hasher.matches("correct horse battery staple", stored.replace("$vv5y", "$vv5z")));
    }

    @Test
    void hashesAreSaltedPhcStringsThatVerify() {
        var hasher = new PasswordHasher();
        String first = hasher.hash("pässwörd-1");
        String second = hasher.hash("pässwörd-1");

        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertFalse(first.equals(second), "two hashes of one password differ by their salt");
        assertTrue(hasher.matches("pässwörd-1", first));
        assertTrue(hasher.matches("pässwörd-1", second));
        assertFalse(hasher.matches("pässwörd-2", first));
    }

    @Test
    void whatIsNotAnArgon2idHashNeverMatches() {
        var hasher = new PasswordHasher();
        for (String stored : new String[] {"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$k0pmwZUPl2fnXm259mzgqw$vv5yWchCruX",
                "$argon2id$v=16$m=19456,t=2,p=1$k0pmwZUPl2fnXm259mzgqw$vv5yWchCruX+92LaybhvHIvYk9qcQGS3BTFRsxSffGw",
                "$argon2id$v=19$m=4,t=2,p=1$k0pmwZUPl2fnXm259mzgqw$vv5yWchCruX+92LaybhvHIvYk9qcQGS3BTFRsxSffGw",
                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"}) {
            assertFalse(hasher.matches("anything", stored), stored);
        }
    }

    @Test
    void aVerificationAllocatesKilobytesNotTheHashsMemory() {
        var hasher = new PasswordHasher();
        String stored = hasher.hash("warm up the area");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 5; i++) {
            hasher.matches("warm up the area", stored);
        }
        long perVerification = (threads.getCurrentThreadAllocatedBytes() - before) / 5;

        assertTrue(perVerification < 64 * 1024, perVerification + " bytes allocated per verification; 19 MiB is the hash's area");
    }

    @Test
    void anAreaTooSmallForTheParametersIsRefused() {
        var parameters = new Argon2id.Parameters(64, 1, 1, 32);
        var hasher = new Argon2id(new long[Argon2id.areaLongs(new Argon2id.Parameters(32, 1, 1, 32))]);

        assertThrows(IllegalArgumentException.class, () -> hasher.hash(parameters, new byte[1], new byte[8]));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
