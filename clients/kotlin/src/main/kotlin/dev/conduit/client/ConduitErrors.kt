@file:JvmName("ConduitErrors")

package dev.conduit.client

import com.squareup.moshi.JsonDataException
import dev.conduit.client.infrastructure.ClientError
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.infrastructure.Response
import dev.conduit.client.infrastructure.Serializer
import dev.conduit.client.infrastructure.ServerError
import dev.conduit.client.infrastructure.ServerException
import dev.conduit.client.models.ErrorResponse
import java.io.IOException

// The generated APIs throw ClientException for a 4xx answer and ServerException for anything else outside
// 2xx, and keep the body as a string; these read it as the contract's ErrorResponse. `statusCode` says which:
// 401 missing or invalid token (or wrong login), 403 not the author, 404 no such user, article or comment,
// 422 invalid input, 429 rate limit, 503 database unreachable.

/** The RealWorld error body (`{"errors":{"body":["..."]}}`) of the answer, or null when it carried none. */
val ClientException.errorResponse: ErrorResponse?
    get() = parseErrorBody(response)

/** The messages of the error body, e.g. `["title can't be blank"]`; empty when there is none. */
val ClientException.errorMessages: List<String>
    get() = errorResponse?.errors?.body.orEmpty()

/** The RealWorld error body of the answer, or null when it carried none. */
val ServerException.errorResponse: ErrorResponse?
    get() = parseErrorBody(response)

/** The messages of the error body, e.g. `["the service is temporarily unavailable; retry shortly"]`. */
val ServerException.errorMessages: List<String>
    get() = errorResponse?.errors?.body.orEmpty()

private fun parseErrorBody(response: Response?): ErrorResponse? {
    val body = when (response) {
        is ClientError<*> -> response.body
        is ServerError<*> -> response.body
        else -> null
    } as? String ?: return null
    return try {
        Serializer.moshi.adapter(ErrorResponse::class.java).fromJson(body)
    } catch (e: IOException) {
        null
    } catch (e: JsonDataException) {
        null
    }
}
