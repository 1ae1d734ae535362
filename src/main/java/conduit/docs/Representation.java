package conduit.docs;

import conduit.system.Etags;

import java.nio.charset.StandardCharsets;

/** Bytes to serve with a strong ETag derived from their content. */
record Representation(byte[] bytes, String etag) {

    static Representation of(byte[] bytes) {
        return new Representation(bytes, Etags.of(bytes));
    }

    static Representation of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
