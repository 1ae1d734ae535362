package conduit.system;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Booleans in request bodies must be JSON {@code true} or {@code false}. The default deserializer also takes
 * strings ("yes" becomes false) and numbers, so a typo would silently switch a setting off; here it is a
 * conversion error, which the API answers with 422.
 */
@Singleton
@Primary
final class StrictBooleanDeserializer implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw decoder.createDeserializationException("must be true or false", value);
    }
}
