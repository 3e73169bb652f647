package org.lineshub.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailThreadingTest {

    @Test
    void aReplySubjectKeepsExactlyOneRe() {
        assertThat(EmailThreading.reply("Order 5")).isEqualTo("Re: Order 5");
        assertThat(EmailThreading.reply("Re: Order 5")).isEqualTo("Re: Order 5");
        assertThat(EmailThreading.reply("RE: Re: Fwd: Order 5")).isEqualTo("Re: Order 5");
        assertThat(EmailThreading.reply("Ответ: Re[2]: Заказ")).isEqualTo("Re: Заказ");
        assertThat(EmailThreading.reply("FW: AW: Rechnung")).isEqualTo("Re: Rechnung");
        assertThat(EmailThreading.reply(null)).isEqualTo("Re:");
        assertThat(EmailThreading.reply("Remarks on delivery")).isEqualTo("Re: Remarks on delivery");
    }

    @Test
    void theThreadIsTheFirstReferenceElseInReplyToElseTheMailItself() {
        assertThat(EmailThreading.threadKey("c@x", "<a@x> <b@x>", "<b@x>")).isEqualTo("a@x");
        assertThat(EmailThreading.threadKey("c@x", null, "<b@x>")).isEqualTo("b@x");
        assertThat(EmailThreading.threadKey("c@x", null, null)).isEqualTo("c@x");
    }

    @Test
    void answersToASessionStartedByAnOperatorHaveNoThread() {
        String id = EmailThreading.outboundId(5, 9, false, "support@shop.example", "shop.example");
        assertThat(EmailThreading.threadKey("c@x", "<" + id + ">", null)).isNull();
        assertThat(EmailThreading.outboundId(5, 9, false, "support@shop.example", "shop.example")).isEqualTo(id);
        assertThat(EmailThreading.outboundId(6, 9, false, "support@shop.example", "shop.example")).isNotEqualTo(id);
    }

    @Test
    void referencesNameTheThreadAndTheMailAnswered() {
        assertThat(EmailThreading.references("a@x", "b@x")).isEqualTo("<a@x> <b@x>");
        assertThat(EmailThreading.references("a@x", "a@x")).isEqualTo("<a@x>");
        assertThat(EmailThreading.references(null, "sha256:abc")).isNull();
    }
}
