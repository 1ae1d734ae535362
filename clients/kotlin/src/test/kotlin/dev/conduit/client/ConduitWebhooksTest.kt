package dev.conduit.client

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

/** Against the reference: the signature below was produced by the standardwebhooks package from npm (1.1.1). */
class ConduitWebhooksTest {

    private val secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    private val body =
        """{"type":"follower.added","timestamp":"2016-02-18T03:22:56.637Z","data":{"follower":{"username":"jake"}}}"""
    private val headers = mapOf(
        "Webhook-Id" to "msg_2f1c7a52-8a0e-4a9c-9d8e-6c1b1d3c5e77",
        "webhook-timestamp" to "1455765776",
        "webhook-signature" to "v1,DW5io68yYozvKcJQFnjFy2C/tqsRqno/IzaOersfREQ=",
    )
    private val then = Instant.ofEpochSecond(1455765776 + 10)

    @Test
    fun acceptsWhatTheReferenceSigned() {
        val message = verifyWebhook(secret, headers, body, now = then)
        assertEquals("follower.added", message.type)
        assertEquals("jake", (message.data["follower"] as Map<*, *>)["username"])
    }

    @Test
    fun acceptsEitherOfTwoSignaturesDuringARotation() {
        val rotated = headers + ("webhook-signature" to "v1,AAAA " + headers.getValue("webhook-signature"))
        assertEquals("follower.added", verifyWebhook(secret, rotated, body, now = then).type)
    }

    @Test
    fun refusesAChangedBodyAnOldTimestampAndAnotherSecret() {
        assertThrows<WebhookVerificationException> { verifyWebhook(secret, headers, body.replace("jake", "evil"), now = then) }
        assertThrows<WebhookVerificationException> { verifyWebhook(secret, headers, body, now = then.plusSeconds(3600)) }
        assertThrows<WebhookVerificationException> {
            verifyWebhook("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", headers, body, now = then)
        }
        assertThrows<WebhookVerificationException> { verifyWebhook(secret, headers - "Webhook-Id", body, now = then) }
    }
}
