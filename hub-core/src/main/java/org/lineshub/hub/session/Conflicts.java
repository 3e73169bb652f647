package org.lineshub.hub.session;

import java.sql.SQLException;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;

/**
 * Tells the failures another transaction causes, which a new attempt gets past, from every other failure. Intake and
 * operators' commands retry their whole transaction on these; the exception may come from JPA, Hibernate or JDBC,
 * translated by Spring or not, so the MariaDB error code of the cause decides too.
 */
public final class Conflicts {

    private static final int DUPLICATE_KEY = 1062;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;

    private Conflicts() {
    }

    /**
     * @param e a failure
     * @return whether another transaction held or changed the same rows: a deadlock, a lock wait timeout, an
     *         optimistic lock failure
     */
    public static boolean isLockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyFailureException || t instanceof OptimisticLockException
                    || t instanceof PessimisticLockException || t instanceof LockTimeoutException
                    || t instanceof org.hibernate.StaleStateException
                    || t instanceof SQLException sql && (sql.getErrorCode() == DEADLOCK
                    || sql.getErrorCode() == LOCK_WAIT_TIMEOUT || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e a failure
     * @return whether a unique key refused a row: usually one another transaction stored at the same moment (the
     *         same message delivered twice, two first messages of one conversation), which the next attempt finds
     */
    public static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DuplicateKeyException || t instanceof SQLException sql
                    && sql.getErrorCode() == DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param e a failure
     * @return what the database said, without values: the kind of the innermost cause and, for SQL errors, the
     *         MariaDB error code and SQL state (the message may quote the refused value, which may be personal data)
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        return sql == null ? root.getClass().getSimpleName() : sql.getClass().getSimpleName() + " (MariaDB error "
                + sql.getErrorCode() + ", SQL state " + sql.getSQLState() + ")";
    }
}
