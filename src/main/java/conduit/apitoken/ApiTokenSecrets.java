package conduit.apitoken;

import conduit.system.OpaqueTokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * The shape of an API token's secret: {@code cdt_}, 256 random bits (43 base64url characters) and a CRC32 of them
 * (6 more). The prefix lets secret scanners find a leaked token and tells the validator which tokens are ours
 * before any lookup; the checksum lets a scanner (and the validator) dismiss a near-miss without asking us.
 */
final class ApiTokenSecrets {

    static final String PREFIX = "cdt_";
    private static final int RANDOM_LENGTH = 43;
    private static final int CHECKSUM_LENGTH = 6;
    static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    private ApiTokenSecrets() {
    }

    static String generate() {
        String random = OpaqueTokens.generate();
        return PREFIX + random + checksum(random);
    }

    /** Ours, whole and unaltered as far as the checksum can tell; says nothing about whether it is active. */
    static boolean wellFormed(String token) {
        if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        String random = token.substring(PREFIX.length(), PREFIX.length() + RANDOM_LENGTH);
        return random.chars().allMatch(ApiTokenSecrets::base64url)
                && token.endsWith(checksum(random));
    }

    private static boolean base64url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
