package conduit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import conduit.consistency.ReplicaRead;
import conduit.database.Sql;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.websocket.annotation.ServerWebSocket;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                        "conduit.idempotency..", "conduit.docs..", "conduit.apitoken..", "conduit.webhook..",
                        "conduit.consistency..")
                .check(MAIN);
    }

    /** Services and the classes that hold SQL know nothing of HTTP: a status or a header is the controller's word. */
    @Test
    void servicesAndPersistenceUseNoHttpTypes() {
        noClasses().that().haveSimpleNameEndingWith("Service")
                .or().haveSimpleNameEndingWith("Repository")
                .or().haveSimpleNameEndingWith("Queries")
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

    /**
     * One persistence convention (CONTRIBUTING.md): SQL is written only in a feature's {@code ...Queries} class, over
     * {@link Sql}, or derived by a micronaut-data {@code ...Repository} interface; the statements and connections
     * themselves are the business of the bottom packages database (which owns {@link Sql}) and pubsub (which owns
     * the one LISTEN connection). ratelimit's RateLimitQueries
     * opens its own autocommit connections on the pool.
     */
    @Test
    void sqlIsWrittenOnlyInQueriesClasses() {
        noClasses().that(not(nameMatching(".*\\.\\$.*")))
                .and().haveSimpleNameNotEndingWith("Queries")
                .and().resideOutsideOfPackages("conduit.database..", "conduit.pubsub..")
                .should().dependOnClassesThat().haveFullyQualifiedName(Sql.class.getName())
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.sql.Statement.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.sql.DriverManager.class)
                .check(MAIN);
    }

    @Test
    void repositoriesAreMicronautDataInterfaces() {
        classes().that().haveSimpleNameEndingWith("Repository").and(not(nameMatching(".*\\$.*")))
                .should().beInterfaces().andShould().beAnnotatedWith(JdbcRepository.class)
                .check(MAIN);
    }

    @Test
    void eachPackageHasAtMostOneQueriesClass() {
        Map<String, List<String>> byPackage = MAIN.stream()
                .filter(type -> type.getSimpleName().endsWith("Queries") && !type.isNestedClass()
                        && !type.getName().contains("$"))
                .collect(Collectors.groupingBy(JavaClass::getPackageName,
                        Collectors.mapping(JavaClass::getSimpleName, Collectors.toList())));
        assertFalse(byPackage.isEmpty(), "no Queries class found: is the rule looking at the right classes?");
        byPackage.forEach((feature, queries) -> assertEquals(1, queries.size(), feature + " has " + queries));
    }

    /**
     * Only work that reads may be sent to the read replica (which refuses writes, and may lag): a {@link ReplicaRead}
     * method opens a read-only transaction itself, so its connection is chosen for it and nothing else.
     */
    @Test
    void replicaReadsAreReadOnlyTransactions() {
        methods().that().areAnnotatedWith(ReplicaRead.class)
                .should().beAnnotatedWith(new DescribedPredicate<JavaAnnotation<?>>("@Transactional(readOnly = true)") {
                    @Override
                    public boolean test(JavaAnnotation<?> annotation) {
                        return annotation.getRawType().isEquivalentTo(Transactional.class)
                                && Boolean.TRUE.equals(annotation.get("readOnly").orElse(false));
                    }
                })
                .check(MAIN);
    }

    /** Transactions open in services (or in a Queries method that is its own unit of work), never at the edge. */
    @Test
    void controllersOpenNoTransactions() {
        noMethods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Controller")
                .should().beAnnotatedWith(Transactional.class)
                .check(MAIN);
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().beAnnotatedWith(Transactional.class)
                .check(MAIN);
    }
}
