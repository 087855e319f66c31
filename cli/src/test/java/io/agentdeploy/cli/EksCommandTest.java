package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine.TypeConversionException;

public class EksCommandTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void optionWinsOverEnvironment() throws Exception {
        EksCommand command = new EksCommand();
        command.kubeconfig = Path.of("explicit");
        Path fromEnvironment = folder.newFile().toPath();

        Path chosen = command.kubeconfigFile(Map.of("KUBECONFIG", fromEnvironment.toString()));

        assertThat(chosen).isEqualTo(Path.of("explicit").toAbsolutePath());
    }

    @Test
    public void firstExistingKubeconfigEntryIsUsed() throws Exception {
        Path second = folder.newFile("second").toPath();
        String variable = folder.getRoot().toPath().resolve("absent") + File.pathSeparator + second;

        Path chosen = new EksCommand().kubeconfigFile(Map.of("KUBECONFIG", variable));

        assertThat(chosen).isEqualTo(second);
    }

    @Test
    public void homeKubeconfigIsTheFallback() throws Exception {
        Path home = folder.getRoot().toPath();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "");

        Path chosen = new EksCommand().kubeconfigFile(Map.of("HOME", home.toString()));

        assertThat(chosen).isEqualTo(home.resolve(".kube/config"));
    }

    @Test
    public void noKubeconfigIsInvalidInput() {
        Map<String, String> environment = Map.of("HOME", folder.getRoot().toString());

        assertThatThrownBy(() -> new EksCommand().kubeconfigFile(environment))
                .hasMessageStartingWith("Invalid kubeconfig: no kubeconfig file was found at ["
                        + folder.getRoot().toPath().resolve(".kube/config") + "].");
    }

    @Test
    public void timeoutsReadShortAndIsoForms() {
        EksCommand.TimeoutConverter converter = new EksCommand.TimeoutConverter();

        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> converter.convert("10 minutes")).isInstanceOf(TypeConversionException.class);
    }
}
