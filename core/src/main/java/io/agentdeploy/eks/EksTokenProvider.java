package io.agentdeploy.eks;

import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Makes EKS bearer tokens as {@code aws eks get-token} does, without running it: a GET
 * {@code ?Action=GetCallerIdentity&Version=2011-06-15} on STS, presigned with SigV4 in the query
 * string for 60 seconds, with the signed header {@code x-k8s-aws-id: <cluster>}, encoded as
 * {@code k8s-aws-v1.} followed by the URL in unpadded base64url. The cluster's authenticator calls
 * that URL to learn the caller's IAM identity.
 *
 * <p>STS honours such a URL for 15 minutes after its {@code X-Amz-Date}, whatever the presign
 * expiry. fabric8 calls the provider for a token before every request, so the token is cached and
 * made anew once it is {@value #RENEW_AFTER_MINUTES} minutes old, well before those 15 minutes run
 * out (the AWS CLI declares its tokens valid for 14). Every token is registered with the redactor.
 */
final class EksTokenProvider implements OAuthTokenProvider {

    static final String TOKEN_PREFIX = "k8s-aws-v1.";
    static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
    static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);
    static final long RENEW_AFTER_MINUTES = 10;
    static final Duration RENEW_AFTER = Duration.ofMinutes(RENEW_AFTER_MINUTES);

    private final String clusterName;
    private final String region;
    private final URI stsEndpoint;
    private final AwsCredentialsProvider credentials;
    private final Redactor redactor;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private String token;
    private Instant madeAt;

    /**
     * @param stsEndpoint the STS endpoint the authenticator will call: the regional one, or an override
     */
    EksTokenProvider(String clusterName, String region, URI stsEndpoint, AwsCredentialsProvider credentials,
            Redactor redactor, Clock clock) {
        this.clusterName = clusterName;
        this.region = region;
        this.stsEndpoint = stsEndpoint;
        this.credentials = credentials;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Returns the regional STS endpoint, which the EKS authenticator accepts for tokens. */
    static URI regionalStsEndpoint(String region) {
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://sts." + region + "." + suffix + "/");
    }

    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(madeAt.plus(RENEW_AFTER))) {
            token = newToken(now);
            madeAt = now;
            redactor.register(token);
        }
        return token;
    }

    private String newToken(Instant now) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(stsEndpoint.resolve("/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_ID_HEADER, clusterName)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .request(request)
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, java.time.ZoneOffset.UTC)));
        String url = signed.request().getUri().toString();
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
