package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the exec credential plugin of a kubeconfig user (for example {@code aws eks get-token})
 * before fabric8 runs it. fabric8 7.3.1 runs the command through {@code sh -c} while it reads the
 * kubeconfig. A missing command then only prints the shell's "not found" on standard error, and
 * the requests go out without credentials. The command is looked up as fabric8 does: a relative
 * path with a separator against the kubeconfig file's folder, a bare name in the {@code PATH}
 * folders.
 */
final class ExecPlugins {

    private ExecPlugins() {
    }

    /**
     * Rejects an exec plugin command of the context's user that does not exist or cannot be run.
     *
     * @param searchPath the {@code PATH} to look a bare command name up in
     * @throws InvalidInputException naming the command, the kubeconfig user and the fix
     */
    static void requireCommand(ClusterAccess access, io.fabric8.kubernetes.api.model.Config kubeconfig,
            NamedContext context, String searchPath) {
        String userName = context.getContext() == null ? null : context.getContext().getUser();
        Optional<ExecConfig> exec = kubeconfig.getUsers().stream().filter(user -> Objects.equals(userName, user.getName()))
                .map(NamedAuthInfo::getUser).filter(Objects::nonNull).map(AuthInfo::getExec).filter(Objects::nonNull)
                .findFirst();
        if (exec.isEmpty() || exec.get().getCommand() == null || exec.get().getCommand().isBlank()) {
            return;
        }
        String command = exec.get().getCommand();
        Optional<Path> found = locate(command, access.kubeconfigFile().orElse(null), searchPath);
        if (found.isPresent() && Files.isExecutable(found.get())) {
            return;
        }
        String problem = found.isPresent() ? "', which is not executable (" + found.get() + ")."
                : "', which was not found " + (command.contains(File.separator) ? "at " + resolve(command,
                        access.kubeconfigFile().orElse(null)) : "in any folder on PATH") + ".";
        String hint = exec.get().getInstallHint() == null || exec.get().getInstallHint().isBlank() ? ""
                : " The kubeconfig's install hint: " + exec.get().getInstallHint().strip();
        String install = found.isPresent() ? "Make it executable (chmod +x " + found.get() + ")"
                : command.contains(File.separator) ? "Install it at that path or fix the command in the kubeconfig"
                : "Install " + command + (command.equals("aws") ? " (the AWS CLI)" : "") + " or put its folder on PATH";
        throw new InvalidInputException("kubeconfig", KubernetesConnections.kubeconfigSource(access), "user '" + userName + "' of context '"
                + context.getName() + "' gets its credentials from the exec plugin command '" + command + problem + hint,
                install + ". For EKS, you can also reach the cluster by name (--cluster <name>), which makes the EKS"
                        + " token itself and needs neither a kubeconfig nor the aws command.");
    }

    /**
     * Returns the file the command names: on {@code PATH}, the first executable one, else the first
     * one at all (the shell skips files it cannot run). Empty when no such file exists.
     */
    private static Optional<Path> locate(String command, Path kubeconfigFile, String searchPath) {
        try {
            if (command.contains(File.separator)) {
                Path path = resolve(command, kubeconfigFile);
                return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
            }
            if (searchPath == null) {
                return Optional.empty();
            }
            Path notExecutable = null;
            for (String folder : searchPath.split(Pattern.quote(File.pathSeparator))) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder).resolve(command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
                if (Files.isRegularFile(candidate) && notExecutable == null) {
                    notExecutable = candidate;
                }
            }
            return Optional.ofNullable(notExecutable);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Resolves a command with a separator; a relative one against the kubeconfig file's folder, as fabric8 does. */
    private static Path resolve(String command, Path kubeconfigFile) {
        Path path = Path.of(command);
        if (path.isAbsolute() || kubeconfigFile == null) {
            return path;
        }
        return kubeconfigFile.toAbsolutePath().resolveSibling(command).normalize();
    }
}
