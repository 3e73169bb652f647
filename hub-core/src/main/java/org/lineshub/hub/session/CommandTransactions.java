package org.lineshub.hub.session;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.lineshub.hub.system.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each operator command in a transaction of its own, and runs it again from the start when it lost a race with
 * another transaction that waiting does not resolve: a deadlock, a lock wait timeout, an optimistic lock failure, a
 * unique key another transaction took at the same moment ({@link Conflicts}). Every writer locks sessions before users
 * and several sessions in id order, so this is rare; after {@value #ATTEMPTS} attempts the caller gets a conflict
 * (409) to try again, never a server error. The events of a failed attempt are dropped with its rollback.
 */
@Component
class CommandTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(CommandTransactions.class);
    private static final int ATTEMPTS = 4;

    private final TransactionTemplate tx;

    CommandTransactions(TransactionTemplate tx) {
        this.tx = tx;
    }

    /**
     * @param command the command; it may run more than once, each time in a new transaction
     * @return what the command returned
     * @throws ConflictException when every attempt met a concurrent change
     */
    <T> T call(Supplier<T> command) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // part of a larger transaction: whoever owns it decides what a failure means
            return command.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> command.get());
            } catch (RuntimeException e) {
                if (!Conflicts.isLockConflict(e) && !Conflicts.isDuplicateKey(e)) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    LOG.info("A session command met concurrent changes {} times: {}", ATTEMPTS, Conflicts.describe(e));
                    throw new ConflictException("The session was changed at the same time; try again");
                }
                LOG.debug("A session command met a concurrent change, attempt {}: {}", attempt,
                        Conflicts.describe(e));
                pause(attempt);
            }
        }
    }

    /** Runs a command that returns nothing; see {@link #call(Supplier)}. */
    void run(Runnable command) {
        call(() -> {
            command.run();
            return null;
        });
    }

    /** A short, growing, random wait, so that the transactions that collided do not collide again. */
    static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("Interrupted while waiting to try again");
        }
    }
}
