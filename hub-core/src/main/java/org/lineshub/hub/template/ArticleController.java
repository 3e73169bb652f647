package org.lineshub.hub.template;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/articles")
@Tag(name = "Articles", description = "Links to web pages operators insert in replies (admins)")
class ArticleController {

    private final TemplateService templates;
    private final AccessService access;

    ArticleController(TemplateService templates, AccessService access) {
        this.templates = templates;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "List articles", description = "Admins and supervisors. linkText is what inserting an "
            + "article puts in a reply.")
    List<ArticleView> list() {
        return templates.articles(access.current());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an article", description = "title up to 200 characters; url an absolute http or "
            + "https address (400 otherwise); summary optional, up to 1000 characters.")
    ArticleView create(@Valid @RequestBody ArticleRequest request) {
        return templates.createArticle(access.current(), request);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change an article")
    ArticleView update(@PathVariable long id, @Valid @RequestBody ArticleRequest request) {
        return templates.updateArticle(access.current(), id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an article")
    void delete(@PathVariable long id) {
        templates.deleteArticle(access.current(), id);
    }
}
