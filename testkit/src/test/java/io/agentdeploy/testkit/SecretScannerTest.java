package io.agentdeploy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecretScannerTest {

    private static final String SECRET = "s3cr3t/value\"with-quote";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final SecretScanner scanner = new SecretScanner().plant("registry password", SECRET);

    @Test
    public void findsPlainEncodedAndEscapedForms() {
        scanner.scan("stderr", "error: login with " + SECRET + " failed");
        scanner.scan("header", "Authorization: Basic " + Base64.getEncoder().withoutPadding()
                .encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
        scanner.scan("record", "{\"error\":\"s3cr3t\\/value\\\"with-quote\"}");

        assertThat(scanner.findings()).extracting(SecretScanner.Finding::toString).containsExactly(
                "secret 'registry password' in stderr (as is)",
                "secret 'registry password' in header (Base64)",
                "secret 'registry password' in record (JSON-escaped)");
    }

    @Test
    public void cleanOutputsHaveNoFindings() {
        scanner.scan("stdout", "Deployment of agent: succeeded, password ****");
        scanner.scan("missing", null);

        assertThat(scanner.findings()).isEmpty();
        assertThat(scanner.scanned()).containsExactly("stdout", "missing");
    }

    @Test
    public void scansEveryFileBelowAFolder() throws IOException {
        Path nested = Files.createDirectories(folder.getRoot().toPath().resolve("rendered/deep"));
        Files.writeString(nested.resolve("deployment.yaml"), "env:\n- value: " + SECRET + "\n");
        Files.writeString(folder.getRoot().toPath().resolve("clean.txt"), "nothing here");

        scanner.scanTree(folder.getRoot().toPath());

        assertThat(scanner.findings()).extracting(SecretScanner.Finding::output)
                .containsExactly(nested.resolve("deployment.yaml").toString());
    }

    @Test
    public void rejectsSecretsTooShortToSearch() {
        assertThatThrownBy(() -> scanner.plant("pin", "1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The secret 'pin' is missing or shorter than 8 characters, so it cannot be searched for"
                        + " reliably.");
    }
}
