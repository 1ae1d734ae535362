package conduit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure as rules. Features form a ladder, each using only the ones below it, so a change low
 * down can be understood without the ones above; shared infrastructure at the bottom knows no feature.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("conduit");

    @Test
    void noTwoPackagesDependOnEachOtherEvenThroughOthers() {
        slices().matching("conduit.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theSharedBottomKnowsNoFeature() {
        noClasses().that().resideInAnyPackage("conduit.system..", "conduit.job..", "conduit.mail..", "conduit.pubsub..")
                .should().dependOnClassesThat().resideInAnyPackage("conduit.user..", "conduit.profile..",
                        "conduit.article..", "conduit.comment..", "conduit.tag..", "conduit.auth..",
                        "conduit.contact..", "conduit.notification..", "conduit.realtime..", "conduit.ratelimit..",
                        "conduit.idempotency..", "conduit.docs..")
                .check(MAIN);
    }
}
