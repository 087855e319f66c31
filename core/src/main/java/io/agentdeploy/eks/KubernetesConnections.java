package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds the fabric8 configuration of kubeconfig access from the kubeconfig and nothing else. The
 * config starts from {@code Config.empty()} (through {@code Config.fromKubeconfig}), so neither
 * {@code ~/.kube/config}, the {@code KUBECONFIG} variable nor a pod's service account is merged
 * in. Every credential in the kubeconfig is registered with the redactor before anything is sent.
 */
final class KubernetesConnections {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesConnections() {
    }

    /**
     * Reads the kubeconfig, checks that the chosen context names a cluster with a server and that
     * its user's exec credential plugin (if any) exists, and builds the config.
     */
    static Config config(ClusterAccess access, Redactor redactor) {
        return config(access, redactor, System.getenv("PATH"));
    }

    /** Builds the config as {@link #config(ClusterAccess, Redactor)} does, with this {@code PATH} for exec plugins. */
    static Config config(ClusterAccess access, Redactor redactor, String searchPath) {
        String content = access.kubeconfigContent().orElseGet(() -> read(access.kubeconfigFile().orElseThrow()));
        redactor.register(content);
        io.fabric8.kubernetes.api.model.Config kubeconfig = parse(access, content, redactor);
        kubeconfig.getUsers().stream().map(NamedAuthInfo::getUser).filter(Objects::nonNull)
                .forEach(user -> registerSecrets(user, redactor));
        String context = access.context().orElse(kubeconfig.getCurrentContext());
        NamedContext named = requireServer(access, kubeconfig, context);
        ExecPlugins.requireCommand(access, kubeconfig, named, searchPath);
        if (access.kubeconfigFile().isPresent()) {
            return Config.fromKubeconfig(context, access.kubeconfigFile().get().toFile());
        }
        kubeconfig.setCurrentContext(context);
        return Config.fromKubeconfig(SERIALIZATION.asYaml(kubeconfig));
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("kubeconfig", file.toString(), "the file does not exist.",
                    "Pass an existing kubeconfig file, set KUBECONFIG, or create ~/.kube/config.");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("kubeconfig", file.toString(), "the file could not be read: " + e.getMessage(),
                    "Check its permissions.");
        }
    }

    private static io.fabric8.kubernetes.api.model.Config parse(ClusterAccess access, String content, Redactor redactor) {
        try {
            io.fabric8.kubernetes.api.model.Config kubeconfig =
                    SERIALIZATION.unmarshal(content, io.fabric8.kubernetes.api.model.Config.class);
            if (kubeconfig == null) {
                throw new IllegalArgumentException("no kubeconfig document");
            }
            return kubeconfig;
        } catch (RuntimeException e) {
            // The parser's message may quote the content, which contains credentials.
            throw new InvalidInputException("kubeconfig", kubeconfigSource(access), "it is not a valid kubeconfig: "
                    + redactor.redact(String.valueOf(e.getMessage())), "Pass a kubeconfig file as kubectl writes it.");
        }
    }

    /** Names the kubeconfig in a message by its path, without the context that describe() adds. */
    static String kubeconfigSource(ClusterAccess access) {
        return access.kubeconfigFile().map(Path::toString).orElse("(kubeconfig content)");
    }

    private static NamedContext requireServer(ClusterAccess access, io.fabric8.kubernetes.api.model.Config kubeconfig,
            String context) {
        if (context == null || context.isBlank()) {
            throw new InvalidInputException("kubeconfig", kubeconfigSource(access), "it has no current-context.",
                    "Pass a context, for example " + firstContext(kubeconfig) + ", or set current-context in the file.");
        }
        NamedContext named = kubeconfig.getContexts().stream().filter(c -> context.equals(c.getName())).findFirst()
                .orElseThrow(() -> new InvalidInputException("context", context, "the kubeconfig has no such context; it has "
                        + kubeconfig.getContexts().stream().map(c -> "'" + c.getName() + "'").toList() + ".",
                        "Pass one of the kubeconfig's contexts."));
        String clusterName = named.getContext() == null ? null : named.getContext().getCluster();
        NamedCluster cluster = kubeconfig.getClusters().stream().filter(c -> Objects.equals(clusterName, c.getName()))
                .findFirst().orElse(null);
        if (cluster == null || cluster.getCluster() == null || cluster.getCluster().getServer() == null
                || cluster.getCluster().getServer().isBlank()) {
            throw new InvalidInputException("kubeconfig", kubeconfigSource(access), "context '" + context + "' names cluster '"
                    + clusterName + "', which is missing or has no server address.", "Fix the kubeconfig.");
        }
        String server = cluster.getCluster().getServer().strip();
        if (!server.startsWith("https://") && !server.startsWith("http://")) {
            throw new InvalidInputException("kubeconfig", kubeconfigSource(access), "cluster '" + clusterName
                    + "' has the server address '" + server + "', which is not an https:// or http:// URL.",
                    "Write the API server's URL, for example https://<host>:6443.");
        }
        return named;
    }

    private static String firstContext(io.fabric8.kubernetes.api.model.Config kubeconfig) {
        return kubeconfig.getContexts().isEmpty() ? "NAME" : kubeconfig.getContexts().get(0).getName();
    }

    private static void registerSecrets(AuthInfo user, Redactor redactor) {
        redactor.register(user.getToken());
        redactor.register(user.getPassword());
        redactor.register(user.getClientKeyData());
    }

    /** Registers every credential of a built fabric8 config with the redactor. */
    static void registerSecrets(Config config, Redactor redactor) {
        redactor.register(config.getOauthToken());
        redactor.register(config.getAutoOAuthToken());
        redactor.register(config.getPassword());
        redactor.register(config.getClientKeyData());
        redactor.register(config.getClientKeyPassphrase());
    }
}
