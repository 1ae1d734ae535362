package conduit.system;

import io.micronaut.core.annotation.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw URI part is well-formed percent-encoding of UTF-8 text: every {@code %} followed by two hex
 * digits, and the bytes they stand for valid UTF-8. Lenient decoding would turn {@code %} or {@code %E0%A4} into
 * something the client never meant.
 */
final class PercentEncoding {

    private PercentEncoding() {
    }

    static boolean isValidUtf8(@Nullable String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return true;
        }
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
            bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
            i += 2;
        }
        return isUtf8(bytes.toByteArray());
    }

    /** Strict UTF-8: no malformed, overlong or truncated sequences (lenient decoding would turn them into '?'). */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
