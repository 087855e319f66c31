package io.agentdeploy.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.Test;

public class RegistryUnitTest {

    @Test
    public void callsAreClassifiedByPath() {
        assertThat(RegistryCall.classify("GET", "/v2/")).isEqualTo(new RegistryCall("GET", "GET /v2/", null, null));
        assertThat(RegistryCall.classify("PUT", "/v2/team/agent/manifests/v1"))
                .isEqualTo(new RegistryCall("PUT", "PUT manifest", "team/agent", "v1"));
        assertThat(RegistryCall.classify("HEAD", "/v2/agent/blobs/sha256:abc"))
                .isEqualTo(new RegistryCall("HEAD", "HEAD blob", "agent", "sha256:abc"));
        assertThat(RegistryCall.classify("POST", "/v2/agent/blobs/uploads/"))
                .isEqualTo(new RegistryCall("POST", "POST upload", "agent", null));
        assertThat(RegistryCall.classify("PATCH", "/v2/agent/blobs/uploads/0b1c-uuid"))
                .isEqualTo(new RegistryCall("PATCH", "PATCH upload", "agent", "0b1c-uuid"));
        assertThat(RegistryCall.classify("GET", "/v2/agent/tags/list").operation()).isEqualTo("GET tags");
        assertThat(RegistryCall.classify("GET", "/v2/_catalog").operation()).isEqualTo("GET catalog");
    }

    @Test
    public void tagReferencesAreTold() {
        assertThat(RegistryCall.classify("PUT", "/v2/a/manifests/latest").referencesTag()).isTrue();
        assertThat(RegistryCall.classify("PUT", "/v2/a/manifests/sha256:ab").referencesTag()).isFalse();
        assertThat(RegistryCall.classify("PUT", "/v2/a/manifests/latest").mutating()).isTrue();
        assertThat(RegistryCall.classify("HEAD", "/v2/a/manifests/latest").mutating()).isFalse();
    }

    @Test
    public void tokensExpire() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
        RegistryTokens tokens = new RegistryTokens(clock);
        RegistryTokens.Token token = tokens.issue(Duration.ofHours(12));
        String header = "Basic " + token.authorizationToken();

        RegistryTokens.Check fresh = tokens.check(header);
        clock.now = clock.now.plus(Duration.ofHours(12));
        RegistryTokens.Check late = tokens.check(header);

        assertThat(fresh).isEqualTo(RegistryTokens.Check.VALID);
        assertThat(late).isEqualTo(RegistryTokens.Check.EXPIRED);
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(token.toString()).doesNotContain(token.password());
    }

    @Test
    public void tokenChecksNeedUserAws() {
        RegistryTokens tokens = new RegistryTokens();
        RegistryTokens.Token token = tokens.issue(Duration.ofHours(1));
        String otherUser = Base64.getEncoder().encodeToString(("admin:" + token.password()).getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.check(null)).isEqualTo(RegistryTokens.Check.MISSING);
        assertThat(tokens.check("Bearer x")).isEqualTo(RegistryTokens.Check.MISSING);
        assertThat(tokens.check("Basic !!!")).isEqualTo(RegistryTokens.Check.UNKNOWN);
        assertThat(tokens.check("Basic " + otherUser)).isEqualTo(RegistryTokens.Check.UNKNOWN);
        assertThat(tokens.check("basic " + token.authorizationToken())).isEqualTo(RegistryTokens.Check.VALID);
    }

    @Test
    public void lookupParsesEcrAndLocalReferences() {
        RegistryImageLookup lookup = new RegistryImageLookup(null, Set.of("127.0.0.1:5000"));
        String digest = "sha256:" + "a".repeat(64);

        assertThat(lookup.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/agent:v1@" + digest)).contains(
                new RegistryImageLookup.Reference("123456789012.dkr.ecr.us-east-1.amazonaws.com", "team/agent", "v1",
                        digest));
        assertThat(lookup.parse("127.0.0.1:5000/agent").orElseThrow().manifestReference()).isEqualTo("latest");
        assertThat(lookup.parse("127.0.0.1:5000/agent@" + digest).orElseThrow().manifestReference()).isEqualTo(digest);
        assertThat(lookup.parse("docker.io/library/python:3.12")).isEmpty();
        assertThat(lookup.parse("agent:v1")).isEmpty();
        assertThat(lookup.exists("registry.example/agent:v1")).isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
