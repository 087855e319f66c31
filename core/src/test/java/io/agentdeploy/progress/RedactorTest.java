package io.agentdeploy.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class RedactorTest {

    @Test
    public void masksRegisteredSecrets() {
        Redactor redactor = new Redactor();
        redactor.register("s3cr3t-token");

        assertThat(redactor.redact("login with s3cr3t-token failed")).isEqualTo("login with **** failed");
    }

    @Test
    public void masksLongerSecretWhole() {
        Redactor redactor = new Redactor();
        redactor.register("abcd");
        redactor.register("abcdefgh");

        assertThat(redactor.redact("x abcdefgh y abcd")).isEqualTo("x **** y ****");
    }

    @Test
    public void ignoresShortAndBlankValues() {
        Redactor redactor = new Redactor();
        redactor.register("ab");
        redactor.register("   ");
        redactor.register(null);

        assertThat(redactor.redact("ab cd")).isEqualTo("ab cd");
    }

    @Test
    public void wrappedListenerSeesMaskedText() {
        Redactor redactor = new Redactor();
        RecordingListener recording = new RecordingListener();
        ProgressListener listener = redactor.wrap(recording);
        redactor.register("password123");

        listener.warning("token password123 expired");

        assertThat(recording.messages(ProgressLevel.WARNING)).containsExactly("token **** expired");
    }

    @Test
    public void masksEncodedFormsOfSecrets() throws Exception {
        record Case(String label, String secret, String text, String expected) {
        }
        String quoteAndBackslash = "ZZq\"uote\\zzSECRET";
        String accented = "ZZsecr\u00e9tzzSECRET";
        String jacksonJson = new ObjectMapper().writeValueAsString(Map.of("litellm", quoteAndBackslash));
        String basicToken = Base64.getEncoder().encodeToString(("developer:" + "dev-password-1")
                .getBytes(StandardCharsets.UTF_8));
        List<Case> cases = List.of(
                new Case("literal", "s3cr3t-token", "token s3cr3t-token", "token ****"),
                new Case("JSON as Jackson writes it", quoteAndBackslash, jacksonJson, "{\"litellm\":\"****\"}"),
                new Case("JSON escaped by the agent", quoteAndBackslash, "\"litellm\": \"ZZq\\\"uote\\\\zzSECRET\"",
                        "\"litellm\": \"****\""),
                new Case("JSON non-ASCII lower-case escape", accented, "{\"v\": \"ZZsecr\\u00e9tzzSECRET\"}",
                        "{\"v\": \"****\"}"),
                new Case("JSON non-ASCII upper-case escape", accented, "{\"v\": \"ZZsecr\\u00E9tzzSECRET\"}",
                        "{\"v\": \"****\"}"),
                new Case("JSON non-ASCII as is", accented, "{\"v\": \"ZZsecr\u00e9tzzSECRET\"}", "{\"v\": \"****\"}"),
                new Case("JSON control character", "line1\nline2", "\"line1\\nline2\"", "\"****\""),
                new Case("form-encoded", "p@ss word&more", "?password=p%40ss+word%26more&x=1", "?password=****&x=1"),
                new Case("percent-encoded", "p@ss word&more", "/login/p%40ss%20word%26more", "/login/****"),
                new Case("base64 alone", "dev-password-1", Base64.getEncoder().encodeToString(
                        "dev-password-1".getBytes(StandardCharsets.UTF_8)), "****"),
                new Case("base64 of user:password", "dev-password-1", "Authorization: Basic " + basicToken,
                        "Authorization: Basic " + basicToken.substring(0, 14) + "****"),
                new Case("short value with its escaped form", "ab\"c", "x ab\"c ab\\\"c y", "x **** **** y"),
                new Case("too short for base64", "abcde", "YWJjZGU= abcde", "YWJjZGU= ****"));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            Redactor redactor = new Redactor();
            redactor.register(c.secret());

            softly.assertThat(redactor.redact(c.text())).as(c.label()).isEqualTo(c.expected());
        }
        softly.assertAll();
    }
}
