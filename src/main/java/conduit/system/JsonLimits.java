package conduit.system;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/**
 * Cheap refusal of hostile JSON: nesting far deeper than any Conduit body, or giant strings and
 * numbers, fail while parsing (400) instead of costing memory and CPU. These are Jackson's
 * process-wide defaults, so they are set before the application context builds its JSON mapper.
 */
@ContextConfigurer
public final class JsonLimits implements ApplicationContextConfigurer {

    /** Conduit bodies nest three levels ({"article":{"tagList":[...]}}); 32 leaves room for extensions. */
    static final int MAX_NESTING_DEPTH = 32;
    /** Larger than any field we accept (the 1 MB request limit applies first). */
    static final int MAX_STRING_LENGTH = 1_000_000;
    static final int MAX_NUMBER_LENGTH = 100;

    @Override
    public void configure(ApplicationContextBuilder builder) {
        StreamReadConstraints.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    }
}
