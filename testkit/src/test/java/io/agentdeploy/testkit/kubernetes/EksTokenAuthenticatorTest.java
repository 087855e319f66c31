package io.agentdeploy.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.Test;

public class EksTokenAuthenticatorTest {

    private static final URI STS = URI.create("http://127.0.0.1:1");
    private static final String VALID_URL = "http://127.0.0.1:1/?Action=GetCallerIdentity&Version=2011-06-15"
            + "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261204%2Fus-east-1%2Fsts%2Faws4_request"
            + "&X-Amz-Date=20261204T100000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=abc";

    private final EksTokenAuthenticator authenticator = new EksTokenAuthenticator(STS, "agents",
            Clock.fixed(Instant.parse("2026-12-04T10:05:00Z"), ZoneOffset.UTC));

    @Test
    public void malformedTokensAreRefusedBeforeCallingSts() {
        Map<String, UnaryOperator<String>> cases = new LinkedHashMap<>();
        cases.put("x-k8s-aws-id is not a signed header", url -> url.replace("host%3Bx-k8s-aws-id", "host"));
        cases.put("the token's host 127.0.0.2 is not the STS endpoint", url -> url.replace("127.0.0.1", "127.0.0.2"));
        cases.put("the token has the unexpected parameter Extra", url -> url + "&Extra=1");
        cases.put("the token expired (signed at 2026-12-04T09:40:00Z)", url -> url.replace("T100000Z", "T094000Z"));
        cases.put("the token has no valid X-Amz-Date", url -> url.replace("20261204T100000Z", "yesterday"));
        for (Map.Entry<String, UnaryOperator<String>> entry : cases.entrySet()) {
            EksTokenAuthenticator.Result result = authenticator.authenticate(token(entry.getValue().apply(VALID_URL)));

            assertThat(result.authenticated()).as(entry.getKey()).isFalse();
            assertThat(result.problem()).as(entry.getKey()).isEqualTo(entry.getKey());
        }
    }

    @Test
    public void unreachableStsRefusesValidLookingToken() {
        EksTokenAuthenticator.Result result = authenticator.authenticate(token(VALID_URL));

        assertThat(result.authenticated()).isFalse();
        assertThat(result.problem()).startsWith("STS could not be reached: ");
    }

    private static String token(String url) {
        return "k8s-aws-v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
    }
}
