package conduit.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static conduit.contract.Probe.Expected.REJECTED;
import static conduit.contract.Probe.Expected.SUCCESS;

/**
 * Bad Authorization headers for every operation: where a token is required each must be 401; where
 * it is optional or not needed the contract says a bad token counts as none, so the call succeeds.
 * Forged tokens start from the caller's real one, so only the broken part makes them invalid.
 */
final class TokenProbes {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String realToken;
    private final byte[] secret;

    TokenProbes(String realToken, String secret) {
        this.realToken = realToken;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    List<Probe> of(SweptOperation operation) {
        var expected = operation.requiresToken() ? REJECTED : SUCCESS;
        Probe valid = Probe.valid(operation);
        List<Probe> probes = new ArrayList<>();
        probes.add(valid.withoutHeader("Authorization").as("auth: no token", expected));
        badHeaders().forEach((label, header) -> probes.add(valid.withHeader("Authorization", header).as("auth: " + label, expected)));
        return probes;
    }

    private Map<String, String> badHeaders() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String[] parts = realToken.split("\\.");
        String header = parts[0];
        ObjectNode claims = claims(parts[1]);
        long now = Instant.now().getEpochSecond();
        char last = parts[2].charAt(parts[2].length() / 2);
        String badSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() / 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].substring(parts[2].length() / 2 + 1);
        var bad = new LinkedHashMap<String, String>();
        bad.put("Token garbage", "Token garbage");
        bad.put("Bearer + random", "Bearer " + BASE64URL.encodeToString(random));
        bad.put("a bad signature", "Token " + badSignature);
        bad.put("an expired token (right key)", "Token " + signed(header, claims.deepCopy().put("exp", now - 3600).put("iat", now - 7200)));
        bad.put("a token not yet valid (right key)", "Token " + signed(header, claims.deepCopy().put("nbf", now + 3600)));
        bad.put("alg none", "Token " + encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        bad.put("signed by another key", "Token " + signed(header, claims, "another-secret-0123456789-abcdefghijklmnop".getBytes(StandardCharsets.UTF_8)));
        bad.put("a user that does not exist (right key)", "Token " + signed(header, claims.deepCopy().put("sub", "999999999")));
        bad.put("a non-numeric subject (right key)", "Token " + signed(header, claims.deepCopy().put("sub", "jake")));
        bad.put("only the scheme", "Token");
        bad.put("the scheme and a space", "Token ");
        bad.put("Bearer scheme only", "Bearer");
        bad.put("Basic credentials", "Basic " + Base64.getEncoder().encodeToString("jake:jakejake".getBytes(StandardCharsets.UTF_8)));
        bad.put("two segments", "Token " + parts[0] + "." + parts[1]);
        bad.put("three garbage segments", "Token a.b.c");
        bad.put("token twice", "Token " + realToken + " " + realToken);
        bad.put("4,000 characters", "Token " + "x".repeat(4_000));
        return bad;
    }

    private String signed(String header, ObjectNode claims) {
        return signed(header, claims, secret);
    }

    private static String signed(String header, ObjectNode claims, byte[] key) {
        String unsigned = header + "." + encode(SweptOperation.text(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return unsigned + "." + BASE64URL.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode claims(String payload) {
        try {
            return (ObjectNode) SweptOperation.JSON.readTree(Base64.getUrlDecoder().decode(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
