package org.lineshub.hub.template;

import java.time.Instant;
import java.util.List;

/**
 * A reply template as the API shows it.
 *
 * @param id           the template
 * @param name         what admins and operators call it
 * @param tag          what an operator types after {@code /} to find it, without the slash
 * @param text         the text with its placeholders, as saved
 * @param lineIds      the lines it is usable on; empty: every line
 * @param channelTypes the channel types it is usable on; empty: every channel
 * @param files        the files each reply with it sends
 * @param editable     whether the caller may change it
 * @param updatedAt    when it was last changed
 */
public record TemplateView(long id, String name, String tag, String text, List<Long> lineIds,
                           List<String> channelTypes, List<FileView> files, boolean editable, Instant updatedAt) {

    /**
     * A file of a template.
     *
     * @param id       the file
     * @param fileName its name
     * @param mimeType its type, or {@code null}
     * @param size     its size in bytes
     */
    public record FileView(long id, String fileName, String mimeType, long size) {
    }

    TemplateView editableBy(boolean may) {
        return new TemplateView(id, name, tag, text, lineIds, channelTypes, files, may, updatedAt);
    }

    /** @return whether it may be used in a session of this line and channel type */
    boolean usableIn(long lineId, String channelType) {
        return (lineIds.isEmpty() || lineIds.contains(lineId))
                && (channelTypes.isEmpty() || channelTypes.contains(channelType));
    }
}
