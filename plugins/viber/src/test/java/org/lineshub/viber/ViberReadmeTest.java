package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.SettingField;

/** The README's settings table says what the schema declares: names, order, types, required, secret, defaults. */
class ViberReadmeTest {

    @Test
    void theSettingsTableMatchesTheSchema() throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| name |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("| `")) {
                rows.add(line.split("\\|"));
            } else if (inTable) {
                break;
            }
        }
        List<SettingField> fields = new ViberConnector().descriptor().settings();
        assertThat(rows).hasSize(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            SettingField f = fields.get(i);
            String[] row = rows.get(i);
            assertThat(row[1].trim()).isEqualTo("`" + f.name() + "`");
            assertThat(row[2].trim()).as(f.name()).startsWith(f.type().name().toLowerCase(Locale.ROOT));
            assertThat(row[3].trim()).as(f.name()).isEqualTo(f.required() ? "yes" : "no");
            assertThat(row[4].trim()).as(f.name()).isEqualTo(f.secret() ? "yes" : "no");
            assertThat(row[5].trim()).as(f.name()).isEqualTo(f.defaultValue() == null ? ""
                    : "`" + f.defaultValue() + "`");
        }
    }
}
