package org.lineshub.hub.template;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.lineshub.hub.access.AccessService;
import org.lineshub.hub.access.UserAccess;
import org.lineshub.hub.system.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/templates")
@Tag(name = "Templates", description = "Reply templates operators insert by typing /tag (admins; supervisors for "
        + "templates of their lines)")
class TemplateController {

    private final TemplateService templates;
    private final AccessService access;

    TemplateController(TemplateService templates, AccessService access) {
        this.templates = templates;
        this.access = access;
    }

    @GetMapping
    @Operation(summary = "List templates", description = "Admins see all; supervisors the templates of every line "
            + "and those limited to a line they supervise. editable says whether the caller may change one.")
    List<TemplateView> list() {
        return templates.list(access.current());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a template")
    TemplateView get(@PathVariable long id) {
        return templates.get(access.current(), id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a template", description = "tag: 1 to 64 letters of any alphabet, digits, dashes "
            + "and underscores, unique in any letter case (a leading / is dropped); 409 when taken. text: up to "
            + "10000 characters with the placeholders {client.name}, {operator.name} (the user who answers) and "
            + "{line.name}; any other {name} is refused with 400. lineIds and channelTypes limit where it is "
            + "usable; empty means everywhere. Supervisors create templates only for lines they all supervise; "
            + "templates of every line are the admins'.")
    TemplateView create(@Valid @RequestBody TemplateRequest request) {
        return templates.create(access.current(), request);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a template", description = "The same rules as creating one; lineIds and "
            + "channelTypes replace the old ones. Files stay.")
    TemplateView update(@PathVariable long id, @Valid @RequestBody TemplateRequest request) {
        return templates.update(access.current(), id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a template", description = "Replies already sent with it keep their text and "
            + "files.")
    void delete(@PathVariable long id) {
        templates.delete(access.current(), id);
    }

    @PostMapping(path = "/{id}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add files to a template", description = "Multipart: files (one or more, up to 50 MB "
            + "each, at most 10 per template). Every reply with the template sends copies of them; the channel must "
            + "be able to send files.")
    TemplateView addFiles(@PathVariable long id, @RequestPart(name = "files") List<MultipartFile> uploads)
            throws IOException {
        UserAccess me = access.current();
        if (uploads == null || uploads.isEmpty()) {
            throw new InvalidRequestException("files", "no file was uploaded");
        }
        TemplateView view = null;
        for (MultipartFile upload : uploads) {
            if (upload.getSize() > TemplateService.MAX_FILE_BYTES) {
                throw new InvalidRequestException("files", "a file may be at most 50 MB");
            }
            try (InputStream in = upload.getInputStream()) {
                view = templates.addFile(me, id, upload.getOriginalFilename(), upload.getContentType(), in);
            }
        }
        return view;
    }

    @DeleteMapping("/{id}/files/{fileId}")
    @Operation(summary = "Remove a file from a template")
    TemplateView deleteFile(@PathVariable long id, @PathVariable long fileId) {
        return templates.deleteFile(access.current(), id, fileId);
    }
}
