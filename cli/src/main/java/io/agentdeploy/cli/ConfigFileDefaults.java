package io.agentdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code agent-deploy.yaml}. Keys are long option names without the leading
 * dashes. For an option of subcommand C the value comes from, highest first: the command line, the
 * section named C, for {@code deploy} the section of the layer the option belongs to, and the top
 * level. {@code deploy} takes from {@code push:}, {@code agentcore:} and {@code eks:} the options of
 * that layer's mixin, and their {@code timeout} as {@code --agentcore-timeout} and
 * {@code --rollout-timeout}. Lists and maps become comma-separated values, which every multi-value
 * option accepts.
 *
 * <pre>
 * region: us-east-1
 * build-arg:
 *   BASE_IMAGE: python:3.12-slim
 * eks:
 *   namespace: agents
 * </pre>
 *
 * <p>{@link #check} reads the whole file before the command runs: a value of the wrong shape is
 * invalid input, and a key that names no option gets a warning.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {

    static final String FILE_NAME = "agent-deploy.yaml";

    private static final String DEPLOY = "deploy";

    /** The section that {@code deploy} applies to the options of each layer's mixin. */
    private static final Map<Class<?>, String> LAYER_SECTIONS = Map.of(
            PushOptions.class, "push", AgentCoreOptions.class, "agentcore", EksOptions.class, "eks");

    /** {@code deploy}'s layer timeouts, which the layer sections set under the single-layer command's name. */
    private static final Map<String, String> DEPLOY_TIMEOUTS = Map.of(
            "agentcore-timeout", "agentcore", "rollout-timeout", "eks");

    private final Path file;
    private final JsonNode root;

    /** A value found in the file, with its path there, such as {@code eks.namespace}. */
    private record Entry(String path, JsonNode value) { }

    private ConfigFileDefaults(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Finds the defaults file: {@code --config FILE} when given (a relative path is resolved against
     * the working directory, like every path the shell completes), else {@code agent-deploy.yaml} in
     * the {@code --repo-root} directory (default: the working directory). A missing default file is
     * fine; a missing explicit file or malformed YAML is invalid input.
     */
    static ConfigFileDefaults locate(String[] args) {
        String explicit = argumentValue(args, "--config");
        Path file;
        if (explicit != null) {
            file = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("--config", explicit, "the file " + file + " does not exist (a"
                        + " relative --config is resolved against the working directory).",
                        "Pass the path of an existing agent-deploy.yaml.");
            }
        } else {
            String repositoryRoot = argumentValue(args, "--repo-root");
            file = Path.of(repositoryRoot == null ? "." : repositoryRoot).resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                return new ConfigFileDefaults(file, null);
            }
        }
        return new ConfigFileDefaults(file, read(file));
    }

    /** Returns the file the defaults were read from, or {@code null} when there is none. */
    Path file() {
        return root == null ? null : file;
    }

    /**
     * Checks every key of the file against the subcommands of {@code rootCommand}: a misspelt key
     * would otherwise be ignored without a word.
     *
     * @throws InvalidInputException when a key names no option (with the nearest known key), or a
     *     value has a shape its option cannot take, such as a map for a single-value option or a nested map
     */
    void check(CommandSpec rootCommand) {
        if (root == null) {
            return;
        }
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        rootCommand.subcommands().forEach((name, commandLine) -> commands.put(name, commandLine.getCommandSpec()));
        root.properties().forEach(field -> {
            String key = field.getKey();
            CommandSpec section = commands.get(key);
            if (section != null) {
                checkSection(key, section, field.getValue());
                return;
            }
            List<OptionSpec> options = commands.values().stream().map(command -> settableOption(command, key))
                    .filter(Objects::nonNull).toList();
            if (options.isEmpty()) {
                Set<String> known = new LinkedHashSet<>(commands.keySet());
                commands.values().forEach(command -> known.addAll(optionKeys(command)));
                throw unknownKey(key, "no subcommand has an option --" + key, known);
            }
            options.forEach(option -> value(key, option, field.getValue()));
        });
    }

    private void checkSection(String name, CommandSpec command, JsonNode section) {
        if (section.isNull()) {
            return;
        }
        if (!section.isObject()) {
            throw invalid(name, "the section of subcommand '" + name + "' must be a map of option names to"
                    + " values.", "Write its options indented below '" + name + ":'.");
        }
        section.properties().forEach(field -> {
            String path = name + "." + field.getKey();
            OptionSpec option = settableOption(command, field.getKey());
            if (option == null) {
                throw unknownKey(path, "'agent-deploy " + name + "' has no option --" + field.getKey(),
                        optionKeys(command).stream().map(key -> name + "." + key).toList());
            } else {
                value(path, option, field.getValue());
            }
        });
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        Entry entry = find(option);
        return entry == null ? null : value(entry.path(), option, entry.value());
    }

    /** Returns whether this file sets the default of {@code option}. */
    boolean provides(OptionSpec option) {
        return find(option) != null;
    }

    private Entry find(OptionSpec option) {
        CommandSpec command = option.command();
        if (root == null || command == null || command.parent() == null || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String key = key(option);
        List<String[]> places = new ArrayList<>();
        places.add(new String[] {command.name(), key});
        if (command.name().equals(DEPLOY)) {
            String layer = layerSection(command, option);
            if (layer != null) {
                places.add(new String[] {layer, key});
            }
            if (DEPLOY_TIMEOUTS.containsKey(key)) {
                places.add(new String[] {DEPLOY_TIMEOUTS.get(key), "timeout"});
            }
        }
        places.add(new String[] {null, key});
        for (String[] place : places) {
            JsonNode section = place[0] == null ? root : root.get(place[0]);
            JsonNode value = section != null && section.isObject() ? section.get(place[1]) : null;
            if (value != null && !value.isNull()) {
                return new Entry(place[0] == null ? place[1] : place[0] + "." + place[1], value);
            }
        }
        return null;
    }

    /** Returns the layer section for an option of {@code deploy}'s layer mixins, or {@code null}. */
    private static String layerSection(CommandSpec command, OptionSpec option) {
        for (CommandSpec mixin : command.mixins().values()) {
            Object options = mixin.userObject();
            if (options != null && LAYER_SECTIONS.containsKey(options.getClass()) && mixin.options().contains(option)) {
                return LAYER_SECTIONS.get(options.getClass());
            }
        }
        return null;
    }

    /**
     * Turns a YAML value into the option's default. A plain value stays as it is. For a multi-value
     * option, the items of a list (or the KEY=value entries of a map) are joined with commas.
     */
    private String value(String path, OptionSpec option, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        String name = option.longestName();
        if (!option.isMultiValue()) {
            throw invalid(path, "a " + kind(value) + " is given, but " + name + " takes a single value.",
                    "Write one plain value after '" + key(option) + ":'.");
        }
        boolean mapOption = Map.class.isAssignableFrom(option.type());
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw invalid(path, "the list contains a " + kind(item) + ", but " + name + " takes plain values.",
                            "Write each item as a plain value.");
                }
                parts.add(item.asText());
            }
        } else if (mapOption) {
            value.properties().forEach(field -> {
                if (!field.getValue().isValueNode()) {
                    throw invalid(path, "'" + field.getKey() + "' has a nested " + kind(field.getValue()) + ", but the"
                            + " entries of " + name + " are KEY: value pairs with plain values.", name.equals("--set")
                            ? "Write nested keys with dots, such as '" + field.getKey() + ".key: value'."
                            : "Give '" + field.getKey() + "' a plain value.");
                }
                parts.add(field.getKey() + "=" + field.getValue().asText());
            });
        } else {
            throw invalid(path, "a map is given, but " + name + " takes a list of values.",
                    "Write a YAML list, such as '" + key(option) + ": [a, b]'.");
        }
        return String.join(",", parts);
    }

    private InvalidInputException invalid(String path, String problem, String fix) {
        return new InvalidInputException(path + " in " + file, null, problem, fix);
    }

    private InvalidInputException unknownKey(String path, String reason, Collection<String> known) {
        String nearest = known.stream()
                .min(Comparator.comparingInt((String candidate) -> LevenshteinDistance.getDefaultInstance()
                        .apply(candidate, path)))
                .orElse(null);
        return new InvalidInputException("key in " + file, path, reason + ".", (nearest == null ? ""
                : "Did you mean '" + nearest + "'? ") + "Keys are long option names without the leading dashes,"
                + " as 'agent-deploy <command> --help' lists them.");
    }

    /** Returns the option that the key sets in this command: a long option name without dashes, or {@code null}. */
    private static OptionSpec settableOption(CommandSpec command, String key) {
        return command.options().stream()
                .filter(option -> !option.usageHelp() && !option.versionHelp() && key(option).equals(key))
                .findFirst().orElse(null);
    }

    private static List<String> optionKeys(CommandSpec command) {
        return command.options().stream().filter(option -> !option.usageHelp() && !option.versionHelp())
                .map(ConfigFileDefaults::key).toList();
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "list" : "map";
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root != null && !root.isObject() && !root.isMissingNode()) {
                throw new InvalidInputException("config file", file.toString(),
                        "the top level must be a map of option names to values.", "See docs/cli.md for the format.");
            }
            return root == null || root.isMissingNode() ? null : root;
        } catch (IOException e) {
            throw new InvalidInputException("config file", file.toString(), "it is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""), "Fix the YAML syntax.");
        }
    }

    private static String argumentValue(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return null;
    }
}
