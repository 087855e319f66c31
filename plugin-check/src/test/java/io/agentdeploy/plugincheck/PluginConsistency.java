package io.agentdeploy.plugincheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares every step's parameters, read from its Java source, with the places that name them: the
 * step's page under {@code docs/steps}, its {@code help-<parameter>.html} files, its
 * {@code config.jelly} form and the calls in {@code Jenkinsfile.sample}. Returns one sentence per
 * difference, so that a test can show them all at once.
 */
final class PluginConsistency {

    static final List<String> STEP_CLASSES = List.of("AgentEcrPushStep", "AgentCoreDeployStep", "AgentEksDeployStep",
            "AgentDeployStep");

    private static final String STEPS = "io/agentdeploy/jenkins/steps";
    /** A row of a Markdown parameter table: {@code | `name` | ...}. */
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([A-Za-z][A-Za-z0-9]*)` \\|");
    private static final Pattern JELLY_FIELD = Pattern.compile("field=\"([A-Za-z][A-Za-z0-9]*)\"");
    /** A named argument in a Groovy call: {@code name:} after a step name, a comma or a line start. */
    private static final Pattern NAMED_ARGUMENT = Pattern.compile("(?:^|[,(\\s])([a-z][A-Za-z0-9]*)\\s*:(?!:)");

    private final Path root;

    /** @param root the repository root */
    PluginConsistency(Path root) {
        this.root = root;
    }

    /** Returns every difference found; empty when everything agrees. */
    List<String> problems() throws IOException {
        StepParameters steps = new StepParameters(root.resolve("plugin/src/main/java").resolve(STEPS));
        List<String> problems = new ArrayList<>();
        List<String> functionNames = new ArrayList<>();
        for (String className : STEP_CLASSES) {
            String function = steps.functionName(className);
            functionNames.add(function);
            Set<String> parameters = steps.parameters(className);
            compare(problems, function, parameters, "docs/steps/" + function + ".md", documented(function));
            compare(problems, function, parameters, className + " help files", helpFiles(className));
            compare(problems, function, parameters, className + "/config.jelly", formFields(className));
        }
        for (SampleCall call : sampleCalls(functionNames)) {
            Set<String> parameters = steps.parameters(STEP_CLASSES.get(functionNames.indexOf(call.function())));
            for (String argument : call.arguments()) {
                if (!parameters.contains(argument)) {
                    problems.add("Jenkinsfile.sample passes '" + argument + "' to " + call.function()
                            + ", which has no such parameter.");
                }
            }
        }
        return problems;
    }

    private static void compare(List<String> problems, String function, Set<String> parameters, String where,
            Set<String> named) {
        for (String name : named) {
            if (!parameters.contains(name)) {
                problems.add(where + ": '" + name + "' is not a parameter of " + function + ".");
            }
        }
        for (String parameter : parameters) {
            if (!named.contains(parameter)) {
                problems.add(where + ": " + function + "'s parameter '" + parameter + "' is missing.");
            }
        }
    }

    /** The first column of the parameter table under "## Parameters". */
    private Set<String> documented(String function) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        boolean inParameters = false;
        for (String line : Files.readAllLines(root.resolve("docs/steps/" + function + ".md"))) {
            if (line.startsWith("## ")) {
                inParameters = line.equals("## Parameters");
            }
            Matcher row = DOC_ROW.matcher(line);
            if (inParameters && row.find()) {
                names.add(row.group(1));
            }
        }
        return names;
    }

    private Set<String> helpFiles(String className) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(resources(className))) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("help-") && name.endsWith(".html"))
                    .forEach(name -> names.add(name.substring("help-".length(), name.length() - ".html".length())));
        }
        return names;
    }

    private Set<String> formFields(String className) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher field = JELLY_FIELD.matcher(Files.readString(resources(className).resolve("config.jelly")));
        while (field.find()) {
            names.add(field.group(1));
        }
        return names;
    }

    private Path resources(String className) {
        return root.resolve("plugin/src/main/resources").resolve(STEPS).resolve(className);
    }

    /** A step call of the sample pipeline and the names of its named arguments. */
    record SampleCall(String function, List<String> arguments) {
    }

    /**
     * Finds the step calls of {@code Jenkinsfile.sample}. A call starts at a step name and runs over the
     * following lines while a line ends with a comma, as Groovy continues a command expression there;
     * its arguments are the identifiers followed by a single colon.
     */
    List<SampleCall> sampleCalls(List<String> functionNames) throws IOException {
        List<SampleCall> calls = new ArrayList<>();
        List<String> lines = Files.readAllLines(root.resolve("Jenkinsfile.sample"));
        Pattern start = Pattern.compile("\\b(" + String.join("|", functionNames) + ")\\b(.*)$");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("//.*$", "");
            Matcher call = start.matcher(line);
            if (!call.find()) {
                continue;
            }
            StringBuilder text = new StringBuilder(call.group(2));
            while (text.toString().stripTrailing().endsWith(",") && i + 1 < lines.size()) {
                text.append('\n').append(lines.get(++i).replaceFirst("//.*$", ""));
            }
            List<String> arguments = new ArrayList<>();
            Matcher argument = NAMED_ARGUMENT.matcher(withoutStrings(text.toString()));
            while (argument.find()) {
                arguments.add(argument.group(1));
            }
            calls.add(new SampleCall(call.group(1), arguments));
        }
        return calls;
    }

    /** Blanks out quoted strings, so that a colon inside a value (an ARN, a URL) is not read as an argument. */
    private static String withoutStrings(String text) {
        return text.replaceAll("'[^']*'", "''").replaceAll("\"[^\"]*\"", "\"\"");
    }
}
