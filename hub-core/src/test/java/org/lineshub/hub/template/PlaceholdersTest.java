package org.lineshub.hub.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static Map<String, String> values(String client, String operator, String line) {
        Map<String, String> values = new HashMap<>();
        values.put("client.name", client);
        values.put("operator.name", operator);
        values.put("line.name", line);
        return values;
    }

    @Test
    void fillsInEveryPlaceholder() {
        assertThat(Placeholders.expand("Здравствуйте, {client.name}! Меня зовут {operator.name}, линия {line.name}.",
                values("Иван", "Анна", "Поддержка")))
                .isEqualTo("Здравствуйте, Иван! Меня зовут Анна, линия Поддержка.");
    }

    @Test
    void leavesOutAPlaceholderWithoutAValueAndTidiesTheSpacingAroundIt() {
        Map<String, String> noClient = values(null, "Anna", "Shop");
        assertThat(Placeholders.expand("Hello, {client.name}!", noClient)).isEqualTo("Hello!");
        assertThat(Placeholders.expand("Hello {client.name}, how can I help?", noClient))
                .isEqualTo("Hello, how can I help?");
        assertThat(Placeholders.expand("Dear {client.name} thanks", noClient)).isEqualTo("Dear thanks");
        assertThat(Placeholders.expand("{client.name}, hello\n{client.name}", noClient)).isEqualTo("hello");
        assertThat(Placeholders.expand("Hi {client.name}", values("  ", "Anna", "Shop"))).isEqualTo("Hi");
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsSentAsItIs() {
        assertThat(Placeholders.expand("Hi {client.name} from {line.name}", values("{line.name}", "A", "Shop")))
                .isEqualTo("Hi {line.name} from Shop");
    }

    @Test
    void namesUnknownPlaceholdersAndLeavesLoneBracesAlone() {
        assertThat(Placeholders.unknown("Hi {client.name} {order.id} {x} { } {} {")).containsExactly("order.id", "x");
        assertThat(Placeholders.expand("a { b } {}", values("C", "O", "L"))).isEqualTo("a { b } {}");
    }
}
