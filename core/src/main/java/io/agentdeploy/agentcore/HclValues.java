package io.agentdeploy.agentcore;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import io.agentdeploy.error.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the values of a tfvars file with hcl4j and requires that they match what the strict check
 * ({@link TfvarsParser}) read, attribute by attribute. A mismatch means hcl4j misreads a construct
 * (for example a number with an exponent), so the file is rejected instead of deployed with a wrong
 * value.
 */
final class HclValues {

    private HclValues() {
    }

    /**
     * Returns the file's attributes as hcl4j reads them, in the check's order.
     *
     * @throws InvalidInputException when hcl4j fails on the file or reads a value differently
     */
    static Map<String, Object> read(Path file, String text, TfvarsParser.Parsed checked) {
        Map<String, Object> parsed;
        try {
            parsed = new HCLParser().parse(text);
        } catch (HCLParserException | IOException | RuntimeException e) {
            // hcl4j reports lexer errors as RuntimeExceptions that wrap HCLParserException.
            Throwable cause = e.getCause() instanceof HCLParserException ? e.getCause() : e;
            throw new InvalidInputException("tfvars", file.toString(), "the HCL parser could not read it: "
                    + firstLine(cause.getMessage()), "Write the values as plain quoted strings, numbers, lists and"
                    + " maps, as in the example tfvars file.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> attribute : checked.values().entrySet()) {
            String name = attribute.getKey();
            Object value = normalize(parsed.get(name));
            if (!Objects.equals(value, normalize(attribute.getValue()))) {
                throw new InvalidInputException("tfvars", file.toString(), "line " + checked.lines().get(name)
                        + ": the HCL parser reads '" + name + "' differently from Terraform's rules (for example a"
                        + " number with an exponent, or an escaped quote).",
                        "Write the value more plainly, for example 1000 instead of 1e3.");
            }
            values.put(name, value);
        }
        return values;
    }

    /** Turns hcl4j's and the check's values into one form: numbers as BigDecimal, lists and maps copied. */
    private static Object normalize(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(normalize(item)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), normalize(item)));
            return copy;
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
