package conduit.contract;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds our contract, api-spec/openapi.yaml, to the official RealWorld API specification version 2.0.0
 * (the OpenAPI document specs/api/openapi.yml of the realworld-apps/realworld repository): each of its 19
 * operations must be ours at {@code /api} + its path, with the same path and query parameters, success
 * status and security, all of its error statuses, exactly its required request fields, at least its required
 * response fields, and its error body shape. The official facts are written down below by hand, as data.
 * Ours may add to them (optional headers, error statuses, response fields), never take away from them.
 */
class OfficialRealWorldContractTest {

    enum Kind { OBJECT, OBJECTS, STRINGS }

    /** A body: its wrapper property and the required fields of the wrapped object (or of the array's items). */
    record Body(String wrapper, Kind kind, Set<String> required) { }

    /** A path or query parameter; minimum and default are compared only where the official one has them. */
    record Param(String name, String in, String type, boolean required, Number minimum, Number byDefault) { }

    /** One official operation; a null request or response means it has no body. */
    record Op(String method, String path, List<Param> params, int success, Set<String> errors, boolean token,
              Body request, Body response) { }

    // Required fields of the official schemas; list items (MultipleArticlesResponse) have no `body` at all.
    private static final String USER = "email token username bio image";
    private static final String PROFILE = "username bio image following";
    private static final String ARTICLE = "slug title description body tagList createdAt updatedAt favorited favoritesCount author";
    private static final String ARTICLE_ITEM = "slug title description tagList createdAt updatedAt favorited favoritesCount author";
    private static final String COMMENT = "id createdAt updatedAt body author";

    private static final Param USERNAME = new Param("username", "path", "string", true, null, null);
    private static final Param SLUG = new Param("slug", "path", "string", true, null, null);
    private static final Param COMMENT_ID = new Param("id", "path", "integer", true, null, null);
    private static final Param OFFSET = new Param("offset", "query", "integer", false, 0, null);
    private static final Param LIMIT = new Param("limit", "query", "integer", false, 1, 20);
    private static final List<Param> FILTERS = List.of(new Param("tag", "query", "string", false, null, null),
            new Param("author", "query", "string", false, null, null),
            new Param("favorited", "query", "string", false, null, null), OFFSET, LIMIT);

    private static final List<Op> OFFICIAL = List.of(
            op("POST /users/login", List.of(), 200, "401 422", false, obj("user", "email password"), obj("user", USER)),
            op("POST /users", List.of(), 201, "409 422", false, obj("user", "username email password"), obj("user", USER)),
            op("GET /user", List.of(), 200, "401 422", true, null, obj("user", USER)),
            op("PUT /user", List.of(), 200, "401 422", true, obj("user", ""), obj("user", USER)),
            op("GET /profiles/{username}", List.of(USERNAME), 200, "401 404 422", false, null, obj("profile", PROFILE)),
            op("POST /profiles/{username}/follow", List.of(USERNAME), 200, "401 404 422", true, null, obj("profile", PROFILE)),
            op("DELETE /profiles/{username}/follow", List.of(USERNAME), 200, "401 404 422", true, null, obj("profile", PROFILE)),
            op("GET /articles/feed", List.of(OFFSET, LIMIT), 200, "401 422", true, null, objs("articles", ARTICLE_ITEM)),
            op("GET /articles", FILTERS, 200, "401 422", false, null, objs("articles", ARTICLE_ITEM)),
            op("POST /articles", List.of(), 201, "401 409 422", true, obj("article", "title description body"), obj("article", ARTICLE)),
            op("GET /articles/{slug}", List.of(SLUG), 200, "404 422", false, null, obj("article", ARTICLE)),
            op("PUT /articles/{slug}", List.of(SLUG), 200, "401 403 404 422", true, obj("article", ""), obj("article", ARTICLE)),
            op("DELETE /articles/{slug}", List.of(SLUG), 204, "401 403 404 422", true, null, null),
            op("GET /articles/{slug}/comments", List.of(SLUG), 200, "401 404 422", false, null, objs("comments", COMMENT)),
            op("POST /articles/{slug}/comments", List.of(SLUG), 201, "401 404 422", true, obj("comment", "body"), obj("comment", COMMENT)),
            op("DELETE /articles/{slug}/comments/{id}", List.of(SLUG, COMMENT_ID), 204, "401 403 404 422", true, null, null),
            op("POST /articles/{slug}/favorite", List.of(SLUG), 200, "401 404 422", true, null, obj("article", ARTICLE)),
            op("DELETE /articles/{slug}/favorite", List.of(SLUG), 200, "401 404 422", true, null, obj("article", ARTICLE)),
            op("GET /tags", List.of(), 200, "422", false, null, new Body("tags", Kind.STRINGS, Set.of())));

    private static OpenAPI ours;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void readOurSpec() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        String spec = System.getProperty("conduit.spec", "api-spec/openapi.yaml");
        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(spec, null, options);
        assertNotNull(result.getOpenAPI(), () -> "cannot read " + spec + ": " + result.getMessages());
        ours = result.getOpenAPI();
    }

    @Test
    void everyOfficialOperationIsOurs() {
        check("official operations missing from ours", (op, o) -> { }, true);
    }

    @Test
    void pathAndQueryParametersAreTheOfficialOnes() {
        check("parameters differ", (op, o) -> {
            Map<String, Parameter> mine = new LinkedHashMap<>();
            for (List<Parameter> list : Arrays.asList(item(op).getParameters(), o.getParameters())) {
                if (list != null) list.stream().map(p -> p.get$ref() == null ? p : ours.getComponents().getParameters()
                        .get(name(p.get$ref()))).forEach(p -> mine.put(p.getIn() + " " + p.getName(), p));
            }
            for (Param p : op.params()) {
                Parameter q = mine.remove(p.in() + " " + p.name());
                Schema<?> s = q == null ? null : schema(q.getSchema());
                if (q == null) problem(op, "no " + p.in() + " parameter `" + p.name() + "`");
                else if (s == null) problem(op, "`" + p.name() + "` has no schema");
                else {
                    expect(op, "`" + p.name() + "` type", p.type(), s.getType());
                    expect(op, "`" + p.name() + "` required", p.required(), Boolean.TRUE.equals(q.getRequired()));
                    if (p.minimum() != null) expect(op, "`" + p.name() + "` minimum", p.minimum().toString(), String.valueOf(s.getMinimum()));
                    if (p.byDefault() != null) expect(op, "`" + p.name() + "` default", p.byDefault().toString(), String.valueOf(s.getDefault()));
                }
            }
            mine.values().stream().filter(q -> !"header".equals(q.getIn()) || Boolean.TRUE.equals(q.getRequired()))
                    .forEach(q -> problem(op, "extra " + (Boolean.TRUE.equals(q.getRequired()) ? "required " : "optional ")
                            + q.getIn() + " parameter `" + q.getName() + "`"));
        }, false);
    }

    @Test
    void successStatusIsTheOfficialOne() {
        check("success statuses differ", (op, o) -> {
            String success = String.valueOf(op.success());
            Set<String> others = codes(o, "2", "3");
            boolean documented = others.remove(success);
            if ("GET".equals(op.method())) others.remove("304");
            if (!documented) problem(op, "official success is " + success + "; ours documents " + codes(o, "2", "3"));
            else if (!others.isEmpty()) problem(op, "ours documents other 2xx/3xx statuses " + others);
        }, false);
    }

    @Test
    void everyOfficialErrorStatusIsDocumented() {
        check("official error statuses not documented", (op, o) -> {
            Set<String> missing = new TreeSet<>(op.errors());
            missing.removeAll(codes(o, "4"));
            if (!missing.isEmpty()) problem(op, "missing official error statuses " + missing + " (ours: " + codes(o, "4") + ")");
        }, false);
    }

    @Test
    void tokenIsRequiredWhereTheOfficialRequiresIt() {
        check("security differs", (op, o) -> {
            List<SecurityRequirement> security = o.getSecurity() != null ? o.getSecurity() : ours.getSecurity();
            boolean anonymous = security == null || security.isEmpty() || security.stream().anyMatch(Map::isEmpty);
            boolean token = security != null && security.stream().anyMatch(r -> r.containsKey("Token"));
            Object shown = security == null ? null : security.stream().map(Map::keySet).toList();
            if (op.token() && (anonymous || !token)) problem(op, "official requires Token; ours has security " + shown);
            if (!op.token() && !anonymous) problem(op, "official needs no token; ours requires " + shown);
        }, false);
    }

    @Test
    void requestBodiesRequireExactlyTheOfficialFields() {
        check("request bodies differ", (op, o) -> {
            RequestBody body = o.getRequestBody();
            if (body != null && body.get$ref() != null) body = ours.getComponents().getRequestBodies().get(name(body.get$ref()));
            boolean required = body != null && Boolean.TRUE.equals(body.getRequired());
            if (op.request() == null) {
                if (required) problem(op, "official has no request body; ours requires one");
                return;
            }
            if (!required) problem(op, body == null ? "no request body" : "request body is not required");
            Schema<?> inner = body == null ? null : wrapped(op, "request", json(body.getContent()), op.request().wrapper());
            if (inner != null) expect(op, "request `" + op.request().wrapper() + "` required fields", op.request().required(),
                    required(inner));
        }, false);
    }

    @Test
    void responsesRequireTheOfficialFields() {
        check("responses differ", (op, o) -> {
            ApiResponse response = response(o, String.valueOf(op.success()));
            Body expected = op.response();
            if (response == null) return; // reported by successStatusIsTheOfficialOne
            if (expected == null) {
                if (response.getContent() != null && !response.getContent().isEmpty()) problem(op, op.success() + " has a body; official has none");
                return;
            }
            Schema<?> inner = wrapped(op, "response", json(response.getContent()), expected.wrapper());
            if (inner != null && expected.kind() != Kind.OBJECT) {
                if (!"array".equals(inner.getType())) problem(op, "response `" + expected.wrapper() + "` is not an array");
                inner = "array".equals(inner.getType()) ? schema(inner.getItems()) : null;
                if (inner != null && expected.kind() == Kind.STRINGS) {
                    expect(op, "response `" + expected.wrapper() + "` item type", "string", inner.getType());
                    return;
                }
            }
            if (inner == null) return;
            requireAll(op, "response `" + expected.wrapper() + "`", expected.required(), inner);
            if (expected.required().contains("author")) {
                requireAll(op, "response `" + expected.wrapper() + ".author`", words(PROFILE), property(inner, "author"));
            }
        }, false);
    }

    @Test
    void articleListItemsHaveNoBodyAndCountIsARequiredInteger() {
        check("article lists differ from MultipleArticlesResponse", (op, o) -> {
            if (op.response() == null || !"articles".equals(op.response().wrapper())) return;
            ApiResponse response = response(o, "200");
            Schema<?> list = response == null ? null : json(response.getContent());
            Schema<?> count = list == null ? null : property(list, "articlesCount");
            Schema<?> articles = list == null ? null : property(list, "articles");
            Schema<?> item = articles == null ? null : schema(articles.getItems());
            if (list == null || item == null) problem(op, "200 has no application/json `articles` array");
            else if (properties(item).containsKey("body")) problem(op, "list items define `body`; official 2.0.0 list items have no body");
            if (list != null && !required(list).contains("articlesCount")) problem(op, "`articlesCount` is not required");
            if (list != null) expect(op, "`articlesCount` type", "integer", count == null ? null : count.getType());
        }, false);
    }

    @Test
    void everyErrorResponseHasTheOfficialErrorShape() {
        check("4xx responses whose body is not {\"errors\": {<key>: [string, ...]}}", (op, o) -> {
            Map<String, Set<String>> codesByProblem = new TreeMap<>();
            for (String code : codes(o, "4")) {
                ApiResponse response = response(o, code);
                Schema<?> error = response == null ? null : json(response.getContent());
                Schema<?> errors = error == null ? null : property(error, "errors");
                Object additional = errors == null ? null : errors.getAdditionalProperties();
                Schema<?> values = additional instanceof Schema<?> s ? schema(s) : null;
                Schema<?> items = values == null ? null : schema(values.getItems());
                String problem = error == null ? "no application/json schema"
                        : errors == null || !required(error).contains("errors") ? "no required `errors` property"
                        : "object".equals(errors.getType()) && values != null && "array".equals(values.getType())
                          && items != null && "string".equals(items.getType()) ? null
                        : "`errors` is not an object of string arrays (properties " + properties(errors).keySet()
                          + ", required " + required(errors) + ", additionalProperties " + (values == null ? additional
                          : values.getType() + (items == null ? "" : " of " + items.getType())) + ")";
                if (problem != null) codesByProblem.computeIfAbsent(problem, k -> new TreeSet<>()).add(code);
            }
            codesByProblem.forEach((problem, codes) -> problem(op, codes + ": " + problem));
        }, false);
    }

    /** Runs the check on each official operation that ours has, then fails listing every problem found. */
    private void check(String title, BiConsumer<Op, Operation> check, boolean reportMissing) {
        for (Op op : OFFICIAL) {
            Operation o = operation(op);
            if (o != null) check.accept(op, o);
            else if (reportMissing) problem(op, "no " + op.method() + " /api" + op.path() + " in ours");
        }
        if (!problems.isEmpty()) fail(title + " (" + problems.size() + "):\n  - " + String.join("\n  - ", problems));
    }

    private void problem(Op op, String message) { problems.add(op.method() + " " + op.path() + ": " + message); }

    private void expect(Op op, String what, Object official, Object mine) {
        if (!Objects.equals(official, mine)) problem(op, what + " is " + mine + ", official " + official);
    }

    private void requireAll(Op op, String what, Set<String> official, Schema<?> schema) {
        Set<String> missing = new TreeSet<>(official);
        missing.removeAll(required(schema));
        if (!missing.isEmpty()) problem(op, what + " does not require " + missing);
    }

    /** The schema inside the wrapper property; a problem when there is none, or it is not required. */
    private Schema<?> wrapped(Op op, String side, Schema<?> top, String wrapper) {
        Schema<?> inner = top == null ? null : property(top, wrapper);
        if (top == null) problem(op, side + " has no application/json schema");
        else if (inner == null) problem(op, side + " has no `" + wrapper + "` property (has " + properties(top).keySet() + ")");
        else if (!required(top).contains(wrapper)) problem(op, side + " `" + wrapper + "` is not required");
        return inner;
    }

    private static PathItem item(Op op) { return ours.getPaths() == null ? null : ours.getPaths().get("/api" + op.path()); }

    private static Operation operation(Op op) {
        PathItem item = item(op);
        return item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(op.method()));
    }

    private static Set<String> codes(Operation o, String... prefixes) {
        return o.getResponses().keySet().stream().filter(c -> Arrays.stream(prefixes).anyMatch(c::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ApiResponse response(Operation o, String code) {
        ApiResponse r = o.getResponses().get(code);
        return r != null && r.get$ref() != null ? ours.getComponents().getResponses().get(name(r.get$ref())) : r;
    }

    private static Schema<?> json(Content content) {
        MediaType media = content == null ? null : content.get("application/json");
        return media == null ? null : schema(media.getSchema());
    }

    private static Schema<?> schema(Schema<?> s) {
        while (s != null && s.get$ref() != null) s = ours.getComponents().getSchemas().get(name(s.get$ref()));
        return s;
    }

    /** Required fields, including those of allOf parts. */
    private static Set<String> required(Schema<?> s) {
        Set<String> required = new TreeSet<>();
        s = schema(s);
        if (s != null && s.getRequired() != null) required.addAll(s.getRequired());
        if (s != null && s.getAllOf() != null) s.getAllOf().forEach(part -> required.addAll(required(part)));
        return required;
    }

    /** Properties, including those of allOf parts. */
    @SuppressWarnings("rawtypes")
    private static Map<String, Schema> properties(Schema<?> s) {
        Map<String, Schema> properties = new LinkedHashMap<>();
        s = schema(s);
        if (s != null && s.getAllOf() != null) s.getAllOf().forEach(part -> properties.putAll(properties(part)));
        if (s != null && s.getProperties() != null) properties.putAll(s.getProperties());
        return properties;
    }

    private static Schema<?> property(Schema<?> s, String name) { return schema(properties(s).get(name)); }
    private static String name(String ref) { return ref.substring(ref.lastIndexOf('/') + 1); }

    private static Op op(String route, List<Param> params, int success, String errors, boolean token, Body request, Body response) {
        String[] parts = route.split(" ");
        return new Op(parts[0], parts[1], params, success, words(errors), token, request, response);
    }

    private static Body obj(String wrapper, String required) { return new Body(wrapper, Kind.OBJECT, words(required)); }

    /** An array of objects under the wrapper. */
    private static Body objs(String wrapper, String required) { return new Body(wrapper, Kind.OBJECTS, words(required)); }

    private static Set<String> words(String words) {
        return words.isBlank() ? Set.of() : new TreeSet<>(List.of(words.trim().split("\\s+")));
    }
}
