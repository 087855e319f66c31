package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class EksOptionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void optionWinsOverEnvironment() throws Exception {
        EksOptions command = new EksOptions();
        command.kubeconfig = Path.of("explicit");
        Path fromEnvironment = folder.newFile().toPath();

        Path chosen = command.kubeconfigFile(Map.of("KUBECONFIG", fromEnvironment.toString()));

        assertThat(chosen).isEqualTo(Path.of("explicit").toAbsolutePath());
    }

    @Test
    public void firstExistingKubeconfigEntryIsUsed() throws Exception {
        Path second = folder.newFile("second").toPath();
        String variable = folder.getRoot().toPath().resolve("absent") + File.pathSeparator + second;

        Path chosen = new EksOptions().kubeconfigFile(Map.of("KUBECONFIG", variable));

        assertThat(chosen).isEqualTo(second);
    }

    @Test
    public void homeKubeconfigIsTheFallback() throws Exception {
        Path home = folder.getRoot().toPath();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "");

        Path chosen = new EksOptions().kubeconfigFile(Map.of("HOME", home.toString()));

        assertThat(chosen).isEqualTo(home.resolve(".kube/config"));
    }

    @Test
    public void noKubeconfigIsInvalidInput() {
        Map<String, String> environment = Map.of("HOME", folder.getRoot().toString());

        assertThatThrownBy(() -> new EksOptions().kubeconfigFile(environment))
                .hasMessageStartingWith("Invalid kubeconfig: no kubeconfig file was found at ["
                        + folder.getRoot().toPath().resolve(".kube/config") + "].");
    }
}
