package org.lineshub.hub.template;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An article as an admin saves it.
 *
 * @param title   its title
 * @param url     an absolute http or https address
 * @param summary a short text about it, optional
 */
record ArticleRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 2000) String url,
                      @Size(max = 1000) String summary) {
}
