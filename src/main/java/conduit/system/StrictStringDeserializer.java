package conduit.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Strings in request bodies must be JSON strings of real text. The default deserializer turns {@code true}
 * into "true", {@code ["x"]} into "x" and {@code 5} into "5", so a client bug passes unnoticed; and a lone
 * UTF-16 surrogate ({@code "\ud800"}) would be stored as "?". Both are conversion errors here, answered 422.
 */
@Singleton
@Primary
final class StrictStringDeserializer implements Deserializer<String> {

    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (!(value instanceof String text)) {
            throw decoder.createDeserializationException("must be a string", value);
        }
        if (hasLoneSurrogate(text)) {
            throw decoder.createDeserializationException("must be valid Unicode text", null);
        }
        return text;
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
