package io.agentdeploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code agent-deploy.yaml}. Keys are long option names without the leading
 * dashes. Top-level keys apply to every subcommand that has the option; a section named after a
 * subcommand ({@code push:}, {@code eks:}, ...) overrides them for that subcommand. Lists and maps
 * become comma-separated values, which every multi-value option accepts.
 *
 * <pre>
 * region: us-east-1
 * build-arg:
 *   BASE_IMAGE: python:3.12-slim
 * eks:
 *   namespace: agents
 * </pre>
 */
final class ConfigFileDefaults implements IDefaultValueProvider {

    static final String FILE_NAME = "agent-deploy.yaml";

    private final Path file;
    private final JsonNode root;

    private ConfigFileDefaults(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Finds the defaults file: {@code --config FILE} when given, else {@code agent-deploy.yaml} in the
     * {@code --repo-root} directory (default: the working directory). A missing default file is fine;
     * a missing explicit file or malformed YAML is invalid input.
     */
    static ConfigFileDefaults locate(String[] args, Map<String, String> environment) {
        String explicit = argumentValue(args, "--config");
        Path file;
        if (explicit != null) {
            file = Path.of(explicit);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("--config", explicit, "the file does not exist.",
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

    /**
     * Rejects keys that name no option: a misspelt key would otherwise be ignored without a word. Top-level
     * keys are options of any subcommand, or a subcommand's section, whose keys are options of that one.
     *
     * @throws InvalidInputException naming the first unknown key
     */
    void checkKeys(CommandLine commandLine) {
        if (root == null) {
            return;
        }
        Map<String, CommandLine> subcommands = commandLine.getSubcommands();
        Set<String> anyOption = new HashSet<>(options(commandLine));
        subcommands.values().forEach(subcommand -> anyOption.addAll(options(subcommand)));
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            CommandLine section = subcommands.get(key);
            if (section != null && field.getValue().isObject()) {
                Set<String> own = options(section);
                field.getValue().fieldNames().forEachRemaining(name -> {
                    if (!own.contains(name)) {
                        throw unknownKey(key + "." + name, "the " + key + " command has no option --" + name + ".");
                    }
                });
            } else if (!anyOption.contains(key)) {
                throw unknownKey(key, "no command has an option --" + key + ".");
            }
        }
    }

    private InvalidInputException unknownKey(String key, String problem) {
        return new InvalidInputException("key in " + file, key, problem, "Fix the spelling: keys are long option names"
                + " without the leading dashes, as 'agent-deploy <command> --help' lists them.");
    }

    private static Set<String> options(CommandLine command) {
        Set<String> names = new HashSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    names.add(name.substring(2));
                }
            }
        }
        return names;
    }

    /** The file the defaults were read from, or {@code null} when there is none. */
    Path file() {
        return root == null ? null : file;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (root == null || !(argument instanceof OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^-+", "");
        CommandSpec command = option.command();
        JsonNode section = command == null ? null : root.get(command.name());
        JsonNode value = section != null && section.isObject() && section.has(key) ? section.get(key) : root.get(key);
        if (value == null || value.isNull() || (value.isObject() && isSubcommandSection(key, command))) {
            return null;
        }
        return flatten(key, value);
    }

    private static boolean isSubcommandSection(String key, CommandSpec command) {
        return command != null && command.parent() != null && command.parent().subcommands().containsKey(key);
    }

    private String flatten(String key, JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> parts.add(item.asText()));
        } else {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isValueNode()) {
                    throw new InvalidInputException(key + " in " + file, null,
                            "map values must be plain strings or numbers.", "Flatten the value of '" + field.getKey() + "'.");
                }
                parts.add(field.getKey() + "=" + field.getValue().asText());
            }
        }
        return String.join(",", parts);
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
