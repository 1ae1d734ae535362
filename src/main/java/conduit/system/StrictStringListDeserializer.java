package conduit.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists of strings in request bodies ({@code tagList}) hold JSON strings (or null, which validation names).
 * Serde's own list reader coerces each item, so {@code [5]} became {@code ["5"]}; here it is 422, like any
 * field of the wrong type ({@link StrictStringDeserializer}).
 */
@Singleton
@Primary
final class StrictStringListDeserializer implements Deserializer<List<String>> {

    @Override
    public List<String> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<String>> type)
            throws IOException {
        List<String> items = new ArrayList<>();
        try (Decoder array = decoder.decodeArray()) {
            while (array.hasNextArrayValue()) {
                Object item = array.decodeArbitrary();
                if (item != null && !(item instanceof String)) {
                    throw array.createDeserializationException("must hold only strings", item);
                }
                if (item instanceof String text && StrictStringDeserializer.hasLoneSurrogate(text)) {
                    throw array.createDeserializationException("must be valid Unicode text", null);
                }
                items.add((String) item);
            }
        }
        return items;
    }
}
