package io.agentdeploy.testkit.aws;

import io.agentdeploy.testkit.AccessKeys;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Checks the SigV4 signature of a request by signing it again with the secret key the stack issued,
 * at the request's {@code X-Amz-Date}, over the headers it lists as signed. Both header signatures
 * and presigned URLs are checked. The SDK's own signer does the signing instead of hand-written
 * SigV4 code, so a mismatch means a wrong key or a changed request, not two signers that differ.
 *
 * <p>NOTE: {@code aws-chunked} payloads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) would not match. Only
 * S3 sends them, and no double serves S3.
 */
final class SignatureVerifier {

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Query parameters of a presigned URL that the signer adds itself. */
    private static final Set<String> PRESIGN_PARAMETERS = Set.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
            "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token");
    /** Signed headers that the signer adds itself from the request line, the clock and the identity. */
    private static final Set<String> SIGNER_HEADERS = Set.of("host", "x-amz-date", "x-amz-security-token");
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private SignatureVerifier() {
    }

    /**
     * Returns whether the request's signature is the one its key pair gives.
     *
     * @param rawQuery the query string as sent, still percent-encoded, or {@code null}
     * @param scope the request's credential scope: access key id, date, region, service, "aws4_request"
     */
    static boolean matches(AwsRequest request, String rawQuery, String[] scope, AccessKeys.KeyPair keys) {
        boolean presigned = request.header("authorization") == null;
        String provided = presigned ? request.query().get("X-Amz-Signature") : part(request.header("authorization"),
                "Signature=");
        String signedHeaders = presigned ? request.query().get("X-Amz-SignedHeaders")
                : part(request.header("authorization"), "SignedHeaders=");
        String date = presigned ? request.query().get("X-Amz-Date") : request.header("x-amz-date");
        String host = request.header("host");
        if (provided == null || signedHeaders == null || date == null || host == null) {
            return false;
        }
        try {
            return provided.toLowerCase(Locale.ROOT).equals(expectedSignature(request, rawQuery, scope, keys,
                    presigned, signedHeaders, Instant.from(AMZ_DATE.parse(date)), host));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            // An unreadable date, method or expiry cannot have been signed by an SDK: the signature does not match.
            return false;
        }
    }

    private static String expectedSignature(AwsRequest request, String rawQuery, String[] scope,
            AccessKeys.KeyPair keys, boolean presigned, String signedHeaders, Instant signedAt, String host) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("http://" + host + request.rawPath() + (rawQuery == null ? "" : "?" + rawQuery)));
        PRESIGN_PARAMETERS.forEach(unsigned::removeQueryParameter);
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().get(name);
            if (!SIGNER_HEADERS.contains(name) && values != null) {
                unsigned.putHeader(name, values);
            }
        }
        AwsCredentialsIdentity identity = keys.sessionToken() == null
                ? AwsCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
        boolean payloadSigned = !UNSIGNED_PAYLOAD.equals(request.header("x-amz-content-sha256"));

        SignedRequest signed = SIGNER.sign(r -> {
            r.request(unsigned.build())
                    .identity(identity)
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, scope[3])
                    .putProperty(AwsV4HttpSigner.REGION_NAME, scope[2])
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigned)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC));
            if (presigned) {
                r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(
                                Long.parseLong(request.query().getOrDefault("X-Amz-Expires", "900"))));
            }
        });
        return presigned ? signed.request().firstMatchingRawQueryParameter("X-Amz-Signature").orElse("")
                : part(signed.request().firstMatchingHeader("Authorization").orElse(""), "Signature=");
    }

    /** Returns the value of {@code name} (for example "Signature=") in an Authorization header, or {@code null}. */
    private static String part(String authorization, String name) {
        int start = authorization.indexOf(name);
        if (start < 0) {
            return null;
        }
        return authorization.substring(start + name.length()).split("[,\\s]")[0];
    }
}
