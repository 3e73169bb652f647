package org.lineshub.plugin.api;

/** Names of the Camel headers the hub and plugins exchange. */
public final class HubHeaders {

    /** The id of the channel account an exchange belongs to ({@code Long}). */
    public static final String ACCOUNT_ID = "LinesAccountId";

    /** Why input was parked in the dead-letter table ({@code String}, no secrets, no personal data). */
    public static final String DEAD_LETTER_REASON = "LinesDeadLetterReason";

    /** The platform's id of parked input, when known ({@code String}). */
    public static final String DEAD_LETTER_EXTERNAL_ID = "LinesDeadLetterExternalId";

    /**
     * The body a webhook route wants in the HTTP response ({@code String}), e.g. a platform's confirmation code; the
     * content type comes from the {@code Content-Type} header, default {@code text/plain}. Without it the response
     * body is empty.
     */
    public static final String WEBHOOK_RESPONSE = "LinesWebhookResponse";

    /** The type of a hub event, e.g. {@code session.created} ({@code String}). */
    public static final String EVENT_TYPE = "LinesEventType";

    private HubHeaders() {
    }
}
