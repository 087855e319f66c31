package io.agentdeploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentdeploy.testkit.CallLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The bad-input corpus (bad-input-cases.yaml beside this class): every case runs the command line
 * in-process against the local stack and must exit 2 with a message that names the input, the rule
 * and the fix, while the call log shows no mutating call.
 */
public class BadInputCorpusIT extends OnReliabilityStack {

    private static final String AGENT = "rel_bad";
    private static final Pattern LONG = Pattern.compile("\\{long:(\\d+)}");

    /** One case of the corpus file. */
    public static final class Case {
        public String name;
        public String command = "deploy";
        public String agent = AGENT;
        public boolean raw;
        public List<String> args = List.of();
        public Map<String, String> files = Map.of();
        public Map<String, String> env = Map.of();
        public List<String> expect = List.of();
    }

    @Test
    public void everyCaseExitsTwoUnchanged() throws IOException {
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        int index = 0;

        for (Case c : cases) {
            Path repository = env.repository("bad_" + (++index), AGENT, 1);
            c.files.forEach((file, content) -> write(repository.resolve(file), expand(content, repository)));
            List<String> args = arguments(c, repository);
            Map<String, String> environment = new LinkedHashMap<>(env.environment());
            c.env.forEach((name, value) -> environment.put(name, expand(value, repository)));
            int mark = env.stack.callLog().size();

            AgentDeployRun.Result run = AgentDeployRun.inProcess(environment, args);

            List<CallLog.Call> changes = env.stack.callLog().since(mark).stream()
                    .filter(call -> call.mutating() && call.status() / 100 == 2).toList();
            String message = run.err();
            List<String> problems = new ArrayList<>();
            if (run.exitCode() != 2) {
                problems.add("exit " + run.exitCode());
            }
            if (!changes.isEmpty()) {
                problems.add("mutating calls " + changes);
            }
            for (String expected : c.expect) {
                if (!message.contains(expand(expected, repository))) {
                    problems.add("no '" + expected + "'");
                }
            }
            System.out.printf("%s %2d %s%n    %s%n", problems.isEmpty() ? "ok  " : "FAIL", index, c.name,
                    message.strip().replace("\n", "\n    "));
            if (!problems.isEmpty()) {
                failures.add(index + " " + c.name + ": " + String.join("; ", problems));
            }
        }

        System.out.printf("Bad-input corpus: %d of %d cases exit 2 with a clear message and no change.%n",
                cases.size() - failures.size(), cases.size());
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(failures).isEmpty();
    }

    private static List<String> arguments(Case c, Path repository) {
        List<String> args = new ArrayList<>();
        args.add(c.command);
        if (!c.raw) {
            Map<String, String> standard = new LinkedHashMap<>();
            standard.put("--agent", expand(c.agent, repository));
            standard.put("--repo-root", repository.toString());
            standard.put("--build-network", "none");
            standard.put("--execution-role-arn", ReliabilityStack.ROLE);
            standard.put("--tag", "v1");
            if (c.args.contains("--image")) {
                // With --image nothing is built, and push options given with it are rejected.
                standard.remove("--build-network");
                standard.remove("--tag");
            }
            // A case that sets one of the standard options replaces it.
            standard.forEach((option, value) -> {
                if (!c.args.contains(option) && c.args.stream().noneMatch(arg -> arg.startsWith(option + "="))) {
                    args.add(option);
                    args.add(value);
                }
            });
        }
        c.args.forEach(arg -> args.add(expand(arg, repository)));
        return args;
    }

    private static String expand(String text, Path repository) {
        Matcher matcher = LONG.matcher(text.replace("{repo}", repository.toString()));
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(expanded, "a".repeat(Integer.parseInt(matcher.group(1))));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Case> cases() throws IOException {
        try (InputStream in = BadInputCorpusIT.class.getResourceAsStream("bad-input-cases.yaml")) {
            return List.of(new ObjectMapper(new YAMLFactory()).readValue(in, Case[].class));
        }
    }
}
