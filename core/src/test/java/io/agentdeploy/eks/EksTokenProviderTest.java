package io.agentdeploy.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.progress.Redactor;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

public class EksTokenProviderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final Redactor redactor = new Redactor();
    private final EksTokenProvider provider = new EksTokenProvider("agents-prod", "eu-west-1",
            EksTokenProvider.regionalStsEndpoint("eu-west-1"),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXAMPLEKEY000000", "secret-key-value")),
            redactor, clock);

    @Test
    public void tokenIsPresignedCallerIdentityUrl() {
        String token = provider.getToken();

        assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(11)), StandardCharsets.UTF_8));
        Map<String, String> query = query(url);
        assertThat(url.getHost()).isEqualTo("sts.eu-west-1.amazonaws.com");
        assertThat(query).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Expires", "60").containsEntry("X-Amz-Date", "20261204T100000Z")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Credential", "AKIAEXAMPLEKEY000000/20261204/eu-west-1/sts/aws4_request");
        assertThat(query.get("X-Amz-SignedHeaders").split(";")).contains("host", "x-k8s-aws-id");
        assertThat(query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
    }

    @Test
    public void tokenIsCachedUntilRenewal() {
        String first = provider.getToken();

        clock.advance(Duration.ofMinutes(9));
        String cached = provider.getToken();
        clock.advance(Duration.ofMinutes(1));
        String renewed = provider.getToken();

        assertThat(cached).isSameAs(first);
        assertThat(renewed).isNotEqualTo(first);
        assertThat(query(URI.create(new String(Base64.getUrlDecoder().decode(renewed.substring(11)),
                StandardCharsets.UTF_8)))).containsEntry("X-Amz-Date", "20261204T101000Z");
    }

    @Test
    public void tokensAreRedacted() {
        String token = provider.getToken();

        assertThat(redactor.redact("Authorization: Bearer " + token)).isEqualTo("Authorization: Bearer ****");
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
