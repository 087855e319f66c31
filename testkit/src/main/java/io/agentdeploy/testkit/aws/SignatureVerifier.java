package io.agentdeploy.testkit.aws;

import io.agentdeploy.testkit.AccessKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Checks the SigV4 signature of a request as an AWS service does: it builds the canonical request
 * from the headers the client lists as signed, then signs it with the secret key the stack issued
 * and compares. Both header signatures and presigned URLs are checked.
 *
 * <p>The canonical request is built here by hand because the AWS SDK has no public server-side
 * API for it. Its client signer ({@code AwsV4HttpSigner}, SDK 2.40.2) chooses the signed headers
 * itself and always adds and signs {@code x-amz-content-sha256}. Re-signing with it therefore
 * reproduces only what the Java SDK sends. The AWS CLI (botocore) does not send that header. It
 * signs for example {@code content-type;host;x-amz-date}, so every CLI request failed the check.
 * Tests check this class against requests from the Java SDK clients and against a request
 * signed by botocore.
 *
 * <p>NOTE: {@code aws-chunked} payloads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) would not match. Only
 * S3 sends them, and no double serves S3.
 */
final class SignatureVerifier {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final HexFormat HEX = HexFormat.of();

    private SignatureVerifier() {
    }

    /**
     * Returns whether the request's signature is the one its key pair gives.
     *
     * @param rawQuery the query string as sent, still percent-encoded, or {@code null}
     * @param scope the request's credential scope: access key id, date, region, service, "aws4_request"
     */
    static boolean matches(AwsRequest request, String rawQuery, String[] scope, AccessKeys.KeyPair keys) {
        String authorization = request.header("authorization");
        boolean presigned = authorization == null;
        String provided = presigned ? request.query().get("X-Amz-Signature") : part(authorization, "Signature=");
        String signedHeaders = presigned ? request.query().get("X-Amz-SignedHeaders")
                : part(authorization, "SignedHeaders=");
        String date = presigned ? request.query().get("X-Amz-Date") : request.header("x-amz-date");
        String token = presigned ? request.query().get("X-Amz-Security-Token") : request.header("x-amz-security-token");
        if (provided == null || signedHeaders == null || date == null || scope == null
                || !sameToken(keys.sessionToken(), token)) {
            return false;
        }

        String canonicalRequest;
        try {
            canonicalRequest = canonicalRequest(request, rawQuery, signedHeaders);
        } catch (IllegalArgumentException e) {
            // A path or query that java.net.URI or the percent-decoder rejects cannot have been signed by an SDK.
            return false;
        }
        if (canonicalRequest == null) {
            return false;
        }
        String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
        String stringToSign = String.join("\n", ALGORITHM, date, credentialScope, sha256Hex(canonicalRequest
                .getBytes(StandardCharsets.UTF_8)));
        byte[] expected = HEX.formatHex(hmac(signingKey(keys.secretAccessKey(), scope), stringToSign))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, provided.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Builds the canonical request, or returns {@code null} when the request cannot have been signed
     * as sent: a signed header is missing, or the body does not have the hash the client declared.
     */
    private static String canonicalRequest(AwsRequest request, String rawQuery, String signedHeaders) {
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                return null;
            }
            List<String> trimmed = values.stream().map(value -> value.trim().replaceAll("\\s+", " ")).toList();
            headers.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String payloadHash = payloadHash(request);
        if (payloadHash == null) {
            return null;
        }
        return String.join("\n", request.method(), canonicalUri(request.rawPath()), canonicalQuery(rawQuery),
                headers.toString(), signedHeaders, payloadHash);
    }

    /**
     * Returns the path with dot segments removed and percent-encoded once more, which is what every
     * service but S3 signs.
     *
     * <p>NOTE: botocore also drops empty segments ({@code //}), the Java SDK and this method keep
     * them. No double serves such a path.
     */
    private static String canonicalUri(String rawPath) {
        String normalized = URI.create(rawPath.isEmpty() ? "/" : rawPath).normalize().getRawPath();
        return SdkHttpUtils.urlEncodeIgnoreSlashes(normalized);
    }

    /** Returns the query parameters, each name and value re-encoded as RFC 3986 requires, sorted, without the signature. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = SdkHttpUtils.urlEncode(decode(equals < 0 ? pair : pair.substring(0, equals)));
            String value = SdkHttpUtils.urlEncode(decode(equals < 0 ? "" : pair.substring(equals + 1)));
            if (!name.equals("X-Amz-Signature")) {
                parameters.add(Map.entry(name, value));
            }
        }
        parameters.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        List<String> joined = parameters.stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
        return String.join("&", joined);
    }

    /** Decodes percent escapes only: both SDKs send a plus sign as {@code %2B}, so a literal one is kept. */
    private static String decode(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Returns the payload hash the client signed: the {@code x-amz-content-sha256} header when it sent
     * one, else the SHA-256 of the body. Returns {@code null} when the header contains a hash that is
     * not the body's.
     */
    private static String payloadHash(AwsRequest request) {
        String bodyHash = sha256Hex(request.body());
        String declared = request.header("x-amz-content-sha256");
        if (declared == null) {
            return bodyHash;
        }
        if (declared.equals(UNSIGNED_PAYLOAD) || declared.equalsIgnoreCase(bodyHash)) {
            return declared;
        }
        return null;
    }

    /** Returns whether the request carries the session token of temporary keys, or none for long-term keys. */
    private static boolean sameToken(String issued, String sent) {
        return issued == null ? sent == null : issued.equals(sent);
    }

    private static byte[] signingKey(String secretAccessKey, String[] scope) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        return hmac(key, scope[4]);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
