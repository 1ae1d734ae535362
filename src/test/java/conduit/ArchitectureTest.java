package conduit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.websocket.annotation.ServerWebSocket;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
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
        noClasses().that().resideInAnyPackage("conduit.system..", "conduit.job..", "conduit.mail..", "conduit.pubsub..",
                        "conduit.database..")
                .should().dependOnClassesThat().resideInAnyPackage("conduit.user..", "conduit.profile..",
                        "conduit.article..", "conduit.comment..", "conduit.tag..", "conduit.auth..",
                        "conduit.contact..", "conduit.notification..", "conduit.realtime..", "conduit.ratelimit..",
                        "conduit.idempotency..", "conduit.docs..")
                .check(MAIN);
    }

    /** Services and the classes that hold SQL know nothing of HTTP: a status or a header is the controller's word. */
    @Test
    void servicesAndPersistenceUseNoHttpTypes() {
        noClasses().that().haveSimpleNameEndingWith("Service")
                .or().haveSimpleNameEndingWith("Repository")
                .or().haveSimpleNameEndingWith("Queries")
                .or().haveSimpleNameEndingWith("Store")
                .or().haveSimpleName("JobQueue")
                .should().dependOnClassesThat().resideInAPackage("io.micronaut.http..")
                .check(MAIN);
    }

    /**
     * The generated wire models (conduit.api.model) meet the code at its edge only: controllers implementing the
     * generated interfaces and the mappers they call. Besides them, two edges have no generated interface:
     * <ul>
     *   <li>error handling (Micronaut's exception handlers, its error response processor, and {@code Errors}, which
     *       they share): each writes the one RealWorld error body;</li>
     *   <li>the event WebSocket, whose messages are in the contract too: the socket ({@code @ServerWebSocket}) and
     *       the fan-out writing events to sockets.</li>
     * </ul>
     */
    @Test
    void wireModelsStayAtTheEdge() {
        // Micronaut's generated bean definitions ($...) mention what their beans mention.
        noClasses().that(not(nameMatching(".*\\.\\$.*")))
                .and(not(simpleNameEndingWith("Controller"))
                        .and(not(simpleNameEndingWith("Mapper")))
                        .and(not(assignableTo(ExceptionHandler.class)))
                        .and(not(assignableTo(ErrorResponseProcessor.class)))
                        .and(not(simpleName("Errors").and(resideInAPackage("conduit.system"))))
                        .and(not(annotatedWith(ServerWebSocket.class)))
                        .and(not(nameMatching("conduit\\.realtime\\.Fanout"))))
                .and().resideOutsideOfPackage("conduit.api..")
                .should().dependOnClassesThat().resideInAPackage("conduit.api.model..")
                .check(MAIN);
    }
}
