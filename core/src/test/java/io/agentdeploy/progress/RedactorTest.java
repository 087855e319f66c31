package io.agentdeploy.progress;

import static org.assertj.core.api.Assertions.assertThat;

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
}
