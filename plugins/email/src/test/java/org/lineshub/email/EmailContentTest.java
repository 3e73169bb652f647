package org.lineshub.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailContentTest {

    @Test
    void trimsOutlookQuotedHeaders() {
        String text = "Thanks, that works.\n\nFrom: Shop <support@shop.example>\nSent: Monday\nTo: Anna\n"
                + "Subject: Re: Order\n\nOld text";
        assertThat(EmailContent.displayed(text)).isEqualTo("Thanks, that works.");
    }

    @Test
    void trimsRussianAttributionAndOriginalMessageBlocks() {
        assertThat(EmailContent.displayed("Да, верно.\n\n25.11.2026, 12:00, Магазин пишет:\n> Адрес верный?"))
                .isEqualTo("Да, верно.");
        assertThat(EmailContent.displayed("See below\n\n-----Original Message-----\nFrom: x"))
                .isEqualTo("See below");
    }

    @Test
    void keepsEverythingWhenNothingWouldRemain() {
        assertThat(EmailContent.displayed("> only a quote")).isEqualTo("> only a quote");
    }

    @Test
    void keepsQuotesInTheMiddleOfAnAnswer() {
        assertThat(EmailContent.displayed("> question one\nanswer one\n> question two\nanswer two"))
                .isEqualTo("> question one\nanswer one\n> question two\nanswer two");
    }
}
