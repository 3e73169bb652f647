package org.lineshub.hub.template;

import java.time.Instant;

/**
 * An article: a link to a web page operators insert in a reply.
 *
 * @param id        the article
 * @param title     its title
 * @param url       the page, http or https
 * @param summary   a short text about it, or {@code null}
 * @param linkText  what inserting it puts in a reply: the title and the link
 * @param updatedAt when it was last changed
 */
public record ArticleView(long id, String title, String url, String summary, String linkText, Instant updatedAt) {

    static ArticleView of(long id, String title, String url, String summary, Instant updatedAt) {
        return new ArticleView(id, title, url, summary, title + ": " + url, updatedAt);
    }
}
