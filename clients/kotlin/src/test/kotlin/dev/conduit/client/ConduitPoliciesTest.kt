package dev.conduit.client

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.yaml.snakeyaml.LoaderOptions
import org.yaml.snakeyaml.Yaml
import java.nio.file.Files
import java.nio.file.Path

/** The retry tables in [ConduitPolicies] against api-spec/openapi.yaml, which they come from. */
class ConduitPoliciesTest {

    @Suppress("UNCHECKED_CAST")
    private val spec: Map<String, Any?> = Files.newBufferedReader(specPath()).use {
        Yaml(LoaderOptions().apply { codePointLimit = 16 * 1024 * 1024 }).load<Map<String, Any?>>(it)
    }

    private fun specPath(): Path = generateSequence(Path.of("").toAbsolutePath()) { it.parent }
        .map { it.resolve("api-spec/openapi.yaml") }.first { Files.exists(it) }

    @Suppress("UNCHECKED_CAST")
    private fun routesDeclaringKey(): List<String> {
        val parameters = (spec["components"] as Map<String, Any?>)["parameters"] as Map<String, Map<String, Any?>>
        return (spec["paths"] as Map<String, Map<String, Any?>>).flatMap { (path, item) ->
            item.filterKeys { it in setOf("get", "post", "put", "delete") }.mapNotNull { (method, operation) ->
                val declared = ((operation as Map<String, Any?>)["parameters"] as List<Map<String, Any?>>?).orEmpty().any {
                    val resolved = (it["\$ref"] as String?)?.let { ref -> parameters[ref.substringAfterLast('/')] } ?: it
                    resolved["in"] == "header" && resolved["name"] == "Idempotency-Key"
                }
                if (declared) "${method.uppercase()} $path" else null
            }
        }
    }

    @Test
    fun `keys go exactly to the operations that declare the Idempotency-Key header`() {
        val declared = routesDeclaringKey()
        assertTrue(declared.size >= 3)
        assertEquals(declared.sorted(), ConduitPolicies.idempotencyKeyOperations.sorted())
    }

    @Test
    @Suppress("UNCHECKED_CAST")
    fun `the idempotent POSTs exist in the spec`() {
        val paths = spec["paths"] as Map<String, Map<String, Any?>>
        ConduitPolicies.idempotentPostOperations.forEach {
            val (method, path) = it.split(' ')
            assertTrue(paths[path]?.containsKey(method.lowercase()) == true, "$it is in the spec")
        }
    }

    @Test
    fun `routes match concrete paths, under a prefix too, and nothing else`() {
        assertTrue(ConduitPolicies.takesIdempotencyKey("POST", "/api/articles/how-to/comments"))
        assertTrue(ConduitPolicies.takesIdempotencyKey("post", "/conduit/api/articles"))
        assertFalse(ConduitPolicies.takesIdempotencyKey("POST", "/api/articles/how-to/favorite"))
        assertFalse(ConduitPolicies.takesIdempotencyKey("GET", "/api/articles"))
        assertFalse(ConduitPolicies.isRetrySafe("POST", "/api/users/login", false))
        assertTrue(ConduitPolicies.isRetrySafe("POST", "/api/profiles/jake/follow", false))
        assertTrue(ConduitPolicies.isRetrySafe("POST", "/api/articles", true))
    }
}
