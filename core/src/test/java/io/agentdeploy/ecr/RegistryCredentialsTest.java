package io.agentdeploy.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.Test;

public class RegistryCredentialsTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    public void tokenDecodesToUserAndPassword() {
        String token = base64("AWS:pass:with:colons");

        RegistryCredentials login = RegistryCredentials.fromAuthorizationToken(token,
                "https://123456789012.dkr.ecr.us-east-1.amazonaws.com", EXPIRY);

        assertThat(login.username()).isEqualTo("AWS");
        assertThat(login.password()).isEqualTo("pass:with:colons");
        assertThat(login.host()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(login.endpoint()).isEqualTo(URI.create("https://123456789012.dkr.ecr.us-east-1.amazonaws.com"));
        assertThat(login.expiresAt()).isEqualTo(EXPIRY);
        assertThat(login.basicAuthorization()).isEqualTo("Basic " + token);
    }

    @Test
    public void loopbackEndpointKeepsPort() {
        RegistryCredentials login = RegistryCredentials.fromAuthorizationToken(base64("AWS:p"),
                "http://127.0.0.1:41234/", EXPIRY);

        assertThat(login.host()).isEqualTo("127.0.0.1:41234");
        assertThat(login.endpoint()).isEqualTo(URI.create("http://127.0.0.1:41234"));
    }

    @Test
    public void bareHostMeansHttps() {
        RegistryCredentials login = RegistryCredentials.fromAuthorizationToken(base64("AWS:p"),
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com", null);

        assertThat(login.endpoint().getScheme()).isEqualTo("https");
    }

    @Test
    public void malformedTokensAreRejectedWithoutEchoingThem() {
        String[][] cases = {
            {"", "the authorization token is empty"},
            {"%%%not-base64", "the authorization token is not base64"},
            {base64("no-colon-here"), "the decoded authorization token is not of the form user:password"},
            {base64(":password-only"), "the decoded authorization token is not of the form user:password"},
            {base64("AWS:"), "the decoded authorization token is not of the form user:password"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> RegistryCredentials.fromAuthorizationToken(c[0], "https://host", EXPIRY))
                    .as(c[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(c[1]);
        }
    }

    @Test
    public void badEndpointIsRejected() {
        assertThatThrownBy(() -> RegistryCredentials.fromAuthorizationToken(base64("AWS:p"), "ftp://host", EXPIRY))
                .hasMessage("the proxy endpoint 'ftp://host' is not an http or https URL");
        assertThatThrownBy(() -> RegistryCredentials.fromAuthorizationToken(base64("AWS:p"), " ", EXPIRY))
                .hasMessage("the proxy endpoint is empty");
    }

    @Test
    public void toStringOmitsPassword() {
        RegistryCredentials login = RegistryCredentials.fromAuthorizationToken(base64("AWS:s3cr3t-password"),
                "https://host", EXPIRY);

        assertThat(login.toString()).doesNotContain("s3cr3t-password")
                .isEqualTo("RegistryCredentials{endpoint=https://host, username=AWS, expiresAt=2026-12-05T08:00:00Z}");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
