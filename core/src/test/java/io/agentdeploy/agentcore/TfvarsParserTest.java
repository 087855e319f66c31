package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.error.InvalidInputException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class TfvarsParserTest {

    private static final Path FILE = Path.of("chat.tfvars");
    private static final String PREFIX = "Invalid tfvars 'chat.tfvars': ";
    private static final String FORM = "a variables file contains only lines of the form name = value, such as"
            + " agent_name = \"chat\".";

    /** One rejected file: a label, its text, and the message after the file name. */
    private record Case(String label, String text, String message) { }

    private static final List<Case> REJECTED = List.of(
            new Case("prose", "this is not hcl at all\n}}}",
                    "line 1, column 6: expected '=' after 'this' but found 'i'; " + FORM + " Fix or remove the line."),
            new Case("symbols", "@@@ garbage",
                    "line 1, column 1: unexpected '@'; " + FORM + " Fix or remove the line."),
            new Case("attribute set twice", "agent_name = \"a\"\nagent_name = \"b\"\n",
                    "line 2, column 1: 'agent_name' is set again (first on line 1); Terraform rejects a variables file"
                            + " that sets a variable twice. Remove one of the two lines."),
            new Case("closing braces after a value", "agent_name = \"a\"\n}}}\n",
                    "line 2, column 1: unexpected '}'; " + FORM + " Fix or remove the line."),
            new Case("unclosed block", "agent_name = \"a\"\nfoo {\n",
                    "line 2, column 5: 'foo' starts a block, but " + FORM + " Fix or remove the line."),
            new Case("labelled block", "resource \"x\" \"y\" { a = 1 }\n",
                    "line 1, column 10: 'resource' starts a block, but " + FORM + " Fix or remove the line."),
            new Case("missing value", "agent_name = \n",
                    "line 1, column 14: the value of 'agent_name' is missing. Write a value after '=', such as"
                            + " \"text\"."),
            new Case("text after the value", "agent_name = \"a\" garbage\n",
                    "line 1, column 18: unexpected 'g' after the value of 'agent_name'; a line holds one literal value,"
                            + " and expressions are not supported. Write the value itself and start the next attribute"
                            + " on a new line."),
            new Case("arithmetic", "max_lifetime = 8 * 3600\n",
                    "line 1, column 18: unexpected '*' after the value of 'max_lifetime'; a line holds one literal"
                            + " value, and expressions are not supported. Write the value itself and start the next"
                            + " attribute on a new line."),
            new Case("unquoted text", "network_mode = PUBLIC\n",
                    "line 1, column 16: 'PUBLIC' is not a value; text needs double quotes. Write \"PUBLIC\"."),
            new Case("reference", "agent_name = var.name\n",
                    "line 1, column 14: references such as 'var.…' are not allowed in a variables file, which Terraform"
                            + " evaluates without variables or functions. Write the value itself."),
            new Case("function call", "agent_name = lower(\"A\")\n",
                    "line 1, column 14: function calls are not allowed in a variables file, which Terraform evaluates"
                            + " without variables or functions. Write the value itself."),
            new Case("template", "agent_name = \"${var.name}\"\n",
                    "line 1, column 15: template sequences (${…}) are not allowed in a variables file, which Terraform"
                            + " evaluates without variables or functions. Write the text itself, and $${ for a literal"
                            + " ${."),
            new Case("template in a heredoc", "agent_description = <<EOT\nline one\nhi %{if x}\nEOT\n",
                    "line 3, column 4: template sequences (%{…}) are not allowed in a variables file, which Terraform"
                            + " evaluates without variables or functions. Write the text itself, and %%{ for a literal"
                            + " %{."),
            new Case("unclosed list", "x = [1, 2\n",
                    "line 1, column 5: the list is not closed. Add the closing ]."),
            new Case("list without commas", "subnets = [\"a\" \"b\"]\n",
                    "line 1, column 16: expected ',' or ']' after a list item of 'subnets' but found '\"'. Separate the"
                            + " items with ','."),
            new Case("map entries on one line without commas", "tags = { a = \"1\" b = \"2\" }\n",
                    "line 1, column 18: unexpected 'b' after the value of 'tags.a'. Put each entry on its own line, or"
                            + " separate entries with ','."),
            new Case("unclosed map", "tags = {\n  a = \"1\"\n",
                    "line 1, column 8: the map is not closed. Add the closing }."),
            new Case("map key without value", "tags = {\n  a\n}\n",
                    "line 2, column 4: expected '=' or ':' after the key 'a' of 'tags'. Write key = value."),
            new Case("bad escape", "agent_name = \"a\\qb\"\n",
                    "line 1, column 16: invalid escape sequence in a string; HCL knows \\n, \\r, \\t, \\\", \\\\, \\uNNNN"
                            + " and \\UNNNNNNNN. Write a backslash as \\\\."),
            new Case("unclosed heredoc", "x = <<EOT\nno end\n",
                    "line 1, column 5: the heredoc has no closing line 'EOT'. Add a line that holds only EOT."),
            new Case("unclosed comment", "/* note\nagent_name = \"a\"\n",
                    "line 1, column 1: the comment is not closed. Add the closing */."),
            new Case("number with letters", "max_lifetime = 90s\n",
                    "line 1, column 16: '90s' is not a number. Write a number such as 900 or 1.5, or quote text."));

    @Test
    public void malformedFilesAreRejectedByCase() {
        SoftAssertions softly = new SoftAssertions();

        for (Case rejected : REJECTED) {
            softly.assertThatThrownBy(() -> TfvarsParser.parse(FILE, rejected.text())).as(rejected.label())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(PREFIX + rejected.message());
        }

        softly.assertAll();
    }

    @Test
    public void literalsOfEveryKind() {
        String text = """
                # comment
                // another comment
                /* a block
                   comment */
                name     = "chat" # trailing comment
                escaped  = "a\\"b\\\\c\\nd\\u00e9$${x}%%{y}"
                count    = 3
                ratio    = -1.5e2
                enabled  = true
                disabled = false
                nothing  = null
                list     = ["a",
                  "b", ]
                empty    = []
                map = {
                  "QUOTED": "colon"
                  plain  = 1, other = { nested = [true] }
                }
                """;

        TfvarsParser.Parsed parsed = TfvarsParser.parse(FILE, text);

        assertThat(parsed.values()).containsOnlyKeys("name", "escaped", "count", "ratio", "enabled", "disabled",
                "nothing", "list", "empty", "map");
        assertThat(parsed.values().get("name")).isEqualTo("chat");
        assertThat(parsed.values().get("escaped")).isEqualTo("a\"b\\c\nd\u00e9${x}%{y}");
        assertThat(parsed.values().get("count")).isEqualTo(new BigDecimal("3"));
        assertThat(parsed.values().get("ratio")).isEqualTo(new BigDecimal("-1.5e2"));
        assertThat(parsed.values().get("enabled")).isEqualTo(Boolean.TRUE);
        assertThat(parsed.values().get("disabled")).isEqualTo(Boolean.FALSE);
        assertThat(parsed.values().get("nothing")).isNull();
        assertThat(parsed.values().get("list")).isEqualTo(List.of("a", "b"));
        assertThat(parsed.values().get("empty")).isEqualTo(List.of());
        assertThat(parsed.values().get("map")).isEqualTo(Map.of("QUOTED", "colon", "plain", new BigDecimal("1"),
                "other", Map.of("nested", List.of(true))));
        assertThat(parsed.lines()).containsEntry("name", 5).containsEntry("map", 15);
    }

    @Test
    public void heredocsKeepLinesAndIndentedOnesLoseCommonIndent() {
        String text = "plain = <<EOT\n  one\n    two\nEOT\nindented = <<-EOT\n    one\n      two\n    EOT\n";

        TfvarsParser.Parsed parsed = TfvarsParser.parse(FILE, text);

        assertThat(parsed.values().get("plain")).isEqualTo("  one\n    two\n");
        assertThat(parsed.values().get("indented")).isEqualTo("one\n  two\n");
    }

    @Test
    public void windowsLineEndsAndByteOrderMarkAreAccepted() {
        TfvarsParser.Parsed parsed = TfvarsParser.parse(FILE, "\uFEFFa = \"1\"\r\nb = 2\r\n");

        assertThat(parsed.values()).containsOnlyKeys("a", "b");
    }

    @Test
    public void emptyFileHasNoAttributes() {
        assertThat(TfvarsParser.parse(FILE, "# only a comment\n\n").values()).isEmpty();
    }

    @Test
    public void mapKeyGivenTwiceKeepsLastValue() {
        TfvarsParser.Parsed parsed = TfvarsParser.parse(FILE, "tags = {\n  a = \"1\"\n  a = \"2\"\n}\n");

        assertThat(parsed.values().get("tags")).isEqualTo(Map.of("a", "2"));
    }

    @Test
    public void duplicateMessageNamesBothLines() {
        assertThatThrownBy(() -> TfvarsParser.parse(FILE, "a = 1\n\n# later\na = 2\n"))
                .hasMessageContaining("line 4, column 1: 'a' is set again (first on line 1)");
    }
}
