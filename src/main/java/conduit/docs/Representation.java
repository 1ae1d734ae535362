package conduit.docs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Bytes to serve with a strong ETag derived from their content. */
record Representation(byte[] bytes, String etag) {

    static Representation of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Representation(bytes, '"' + HexFormat.of().formatHex(digest, 0, 16) + '"');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Representation of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
