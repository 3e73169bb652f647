package org.lineshub.hub.system;

/** A resource the request names does not exist: answered with 404. */
public class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param what the kind of resource, e.g. {@code line}
     * @param id   the id the request named
     */
    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
