package org.lineshub.hub.blacklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.system.InvalidRequestException;
import org.lineshub.plugin.api.SenderProfile;

class BlockRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static BlockRule rule(RuleKind kind, String type, Long account, String value, Instant expires) {
        return new BlockRule(1, kind, type, account, kind.normalise(value), null, expires, null, null, NOW);
    }

    private static SenderProfile sender(String id, String email, String phone) {
        return SenderProfile.builder(id).email(email).phone(phone).build();
    }

    @Test
    void anIdentityRuleBlocksTheUserOnItsAccountOrOnEveryAccountOfTheType() {
        BlockRules rules = new BlockRules(List.of(rule(RuleKind.IDENTITY, "telegram", 7L, "42", null),
                rule(RuleKind.IDENTITY, "vk", null, "99", null)));

        assertThat(rules.match("telegram", 7, sender("42", null, null), NOW)).isNotNull();
        assertThat(rules.match("telegram", 8, sender("42", null, null), NOW)).as("another account").isNull();
        assertThat(rules.match("viber", 7, sender("42", null, null), NOW)).as("another type").isNull();
        assertThat(rules.match("vk", 3, sender("99", null, null), NOW)).isNotNull();
        assertThat(rules.match("vk", 3, sender("990", null, null), NOW)).isNull();
    }

    @Test
    void addressesAndDomainsCompareInLowerCaseAndADomainCoversItsSubdomains() {
        BlockRules rules = new BlockRules(List.of(rule(RuleKind.EMAIL, null, null, " Eve@Example.org ", null),
                rule(RuleKind.DOMAIN, null, null, "@Spam.Example", null)));

        assertThat(rules.match("email", 1, sender("a", "EVE@example.ORG", null), NOW)).isNotNull();
        assertThat(rules.match("email", 1, sender("a", "adam@example.org", null), NOW)).isNull();
        assertThat(rules.match("email", 1, sender("a", "x@spam.example", null), NOW)).isNotNull();
        assertThat(rules.match("email", 1, sender("a", "x@mail.SPAM.example", null), NOW)).isNotNull();
        assertThat(rules.match("email", 1, sender("a", "x@notspam.example", null), NOW)).isNull();
        assertThat(rules.match("email", 1, sender("a", null, null), NOW)).isNull();
    }

    @Test
    void phonesCompareByTheirDigits() {
        BlockRules rules = new BlockRules(List.of(rule(RuleKind.PHONE, null, null, "+7 (900) 123-45-67", null)));

        assertThat(rules.match("whatsapp", 1, sender("a", null, "79001234567"), NOW)).isNotNull();
        assertThat(rules.match("whatsapp", 1, sender("a", null, "+7 900 123 45 68"), NOW)).isNull();
    }

    @Test
    void aRuleStopsBlockingWhenItExpires() {
        BlockRules rules = new BlockRules(List.of(rule(RuleKind.IDENTITY, "telegram", null, "42",
                NOW.plusSeconds(60))));

        assertThat(rules.match("telegram", 1, sender("42", null, null), NOW)).isNotNull();
        assertThat(rules.match("telegram", 1, sender("42", null, null), NOW.plusSeconds(60))).isNull();
    }

    @Test
    void valuesThatAreNotOfTheKindAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RuleKind.EMAIL.normalise("not an address")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("email address");
        assertThatThrownBy(() -> RuleKind.DOMAIN.normalise("localhost")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RuleKind.PHONE.normalise("12")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RuleKind.PHONE.normalise("call me: 12345")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> RuleKind.IDENTITY.normalise("  ")).isInstanceOf(InvalidRequestException.class);
        assertThat(RuleKind.PHONE.normalise("+1 555 010 9999")).isEqualTo("15550109999");
    }
}
