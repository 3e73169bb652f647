package org.lineshub.hub.pipeline;

import org.lineshub.hub.session.Conflicts;
import org.lineshub.hub.session.UnknownAccountException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure to store input lies with the input, which is then parked, or with the hub right now, which the
 * platform's next delivery gets past: input must never be parked because the database was down for a moment.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param e why storing failed
     * @return true when the failure says nothing about the input: lock conflicts, the database unreachable or
     *         overloaded or the connection lost (SQL state class 08), the account gone
     */
    static boolean notTheMessages(Throwable e) {
        if (Conflicts.isLockConflict(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof UnknownAccountException || t instanceof java.sql.SQLTransientException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
