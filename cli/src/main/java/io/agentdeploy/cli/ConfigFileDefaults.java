package io.agentdeploy.cli;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
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
                String reason = "no subcommand has an option --" + key;
                throw unknownKey(key, key, reason, commands.values(), known);
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
            String key = field.getKey();
            String path = name + "." + key;
            OptionSpec option = settableOption(command, key);
            if (option == null) {
                String reason = "'agent-deploy " + name + "' has no option --" + key;
                String otherSections = otherSections(key, command);
                if (otherSections != null) {
                    throw new InvalidInputException("key in " + file, path, reason + ". " + otherSections, null);
                }
                throw unknownKey(path, key, reason, List.of(command),
                        optionKeys(command).stream().map(known -> name + "." + known).toList());
            } else {
                value(path, option, field.getValue());
            }
        });
    }

    /**
     * Returns which sections can set an option that {@code command} lacks, or {@code null} when no
     * other subcommand has it. {@code deploy} is left out for an option of its layer mixins, because
     * the layer's section sets it there too.
     */
    private static String otherSections(String key, CommandSpec command) {
        if (command.parent() == null) {
            return null;
        }
        List<String> owners = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (CommandLine sibling : command.parent().subcommands().values()) {
            CommandSpec other = sibling.getCommandSpec();
            OptionSpec option = settableOption(other, key);
            if (option == null) {
                continue;
            }
            owners.add(other.name());
            String layer = other.name().equals(DEPLOY) ? layerSection(other, option) : null;
            if (layer == null || !owners.contains(layer)) {
                sections.add(other.name() + ":");
            }
        }
        if (owners.isEmpty()) {
            return null;
        }
        return "--" + key + " is an option of " + OptionConflicts.joined(owners) + ", so put it under "
                + OptionConflicts.joined(sections).replace(" and ", " or ") + " or at the top level.";
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

    /**
     * Returns the error for a key that names no option of {@code commands}. An empty key and a key
     * {@code no-X} for a negatable option {@code --X} get their own advice, because the nearest known
     * key would be a random option or {@code X}, which means the opposite.
     */
    private InvalidInputException unknownKey(String path, String key, String reason, Collection<CommandSpec> commands,
            Collection<String> known) {
        if (key.isBlank()) {
            return new InvalidInputException("key in " + file, path, "the key is empty.", "Write a long option name"
                    + " without the leading dashes before the colon, such as 'region:'.");
        }
        if (key.startsWith("no-")) {
            String positive = key.substring("no-".length());
            boolean negatable = commands.stream().map(command -> settableOption(command, positive))
                    .anyMatch(option -> option != null && option.negatable());
            if (negatable) {
                return new InvalidInputException("key in " + file, path, "--no-" + positive + " is the command"
                        + " line's negated form of --" + positive + ", and the file has no negated keys.", "Write '"
                        + positive + ": false' instead, because the file sets --" + positive + " to true or false.");
            }
        }
        return unknownKey(path, reason, known);
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
        // Without duplicate detection the parser keeps the last of two equal keys in a map.
        YAMLFactory yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try {
            JsonNode root = new ObjectMapper(yaml).readTree(file.toFile());
            if (root != null && !root.isObject() && !root.isMissingNode()) {
                throw new InvalidInputException("config file", file.toString(),
                        "the top level must be a map of option names to values.", "See docs/cli.md for the format.");
            }
            return root == null || root.isMissingNode() ? null : root;
        } catch (StreamReadException e) {
            if (e.getProcessor() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
                throw duplicateKey(file, e);
            }
            throw notYaml(file, e);
        } catch (IOException e) {
            throw notYaml(file, e);
        }
    }

    /**
     * Returns the error for a key given twice in one map, named by its dotted path. Jackson 2.20
     * reports it with the message "Duplicate field 'KEY'", and its parser still points at that key.
     */
    private static InvalidInputException duplicateKey(Path file, StreamReadException e) {
        List<String> path = new ArrayList<>();
        for (JsonStreamContext context = e.getProcessor().getParsingContext(); context != null;
                context = context.getParent()) {
            if (context.getCurrentName() != null) {
                path.add(0, context.getCurrentName());
            }
        }
        String key = path.isEmpty() ? "" : path.get(path.size() - 1);
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return new InvalidInputException("key in " + file, String.join(".", path), "it appears twice in the same map"
                + (line > 0 ? " (line " + line + ")" : "") + ", and only one value can apply.",
                "Remove one of the two '" + key + ":' lines.");
    }

    private static InvalidInputException notYaml(Path file, IOException e) {
        return new InvalidInputException("config file", file.toString(), "it is not valid YAML: "
                + e.getMessage().lines().findFirst().orElse(""), "Fix the YAML syntax.");
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
