package io.agentdeploy.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's result as a Markdown section: what was measured, how to rerun it, and a table of
 * figures with the baseline and the ratio. Every benchmark prints one to standard output;
 * bench/run.sh collects them into docs/benchmarks.md.
 */
public final class BenchmarkReport {

    /** One measured figure: the engine's value, the baseline's, and the unit. */
    public record Row(String measure, double engine, double baseline, String unit) {

        /** Baseline divided by engine: above 1 means the engine is faster or smaller. */
        public double ratio() {
            return engine == 0 ? Double.NaN : baseline / engine;
        }
    }

    private final String title;
    private final String description;
    private final String command;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public BenchmarkReport(String title, String description, String command) {
        this.title = title;
        this.description = description;
        this.command = command;
    }

    public BenchmarkReport row(String measure, double engine, double baseline, String unit) {
        rows.add(new Row(measure, engine, baseline, unit));
        return this;
    }

    public BenchmarkReport note(String note) {
        notes.add(note);
        return this;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Prints the section as Markdown. */
    public void print(PrintStream out) {
        out.println("## " + title);
        out.println();
        out.println(description);
        out.println();
        out.println("Command: `" + command + "`");
        out.println();
        out.println("| measure | agent-deploy | baseline | baseline / agent-deploy |");
        out.println("|---|---|---|---|");
        for (Row row : rows) {
            double ratio = row.ratio();
            // A ratio to zero (a no-op's mutating calls) has no meaning, so the cell shows n/a instead of NaN.
            String ratioText = Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "n/a";
            out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", row.measure(), withUnit(row.engine(), row.unit()),
                    withUnit(row.baseline(), row.unit()), ratioText);
        }
        out.println();
        for (String note : notes) {
            out.println("- " + note);
        }
        if (!notes.isEmpty()) {
            out.println();
        }
    }

    private static String withUnit(double value, String unit) {
        return unit.isEmpty() ? format(value) : format(value) + " " + unit;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
