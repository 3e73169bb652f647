package org.lineshub.hub.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The hub's RFC 7807 problem details, built one way wherever an error is answered. */
public final class Problems {

    private Problems() {
    }

    /**
     * @param status the HTTP status
     * @param type   a short problem type, e.g. {@code not-found}; becomes {@code urn:lines-hub:problem:<type>}
     * @param detail what went wrong, for the caller
     * @param field  the request field at fault, or {@code null}
     * @return the problem
     */
    public static ProblemDetail of(HttpStatus status, String type, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:lines-hub:problem:" + type));
        problem.setTitle(status.getReasonPhrase());
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /**
     * @param status the HTTP status
     * @param detail what went wrong, for the caller
     * @return a response carrying the problem, typed from the status (e.g. {@code service-unavailable})
     */
    public static ResponseEntity<Object> response(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(of(status, type(status), detail, null));
    }

    /** @return a problem type named after the status, e.g. {@code too-many-requests} */
    public static String type(HttpStatus status) {
        return status.name().toLowerCase().replace('_', '-');
    }
}
