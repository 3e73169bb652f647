package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.lineshub.hub.system.ConflictException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class CommandTransactionsTest {

    private final AtomicInteger transactions = new AtomicInteger();
    private final CommandTransactions commands = new CommandTransactions(new TransactionTemplate(
            new AbstractPlatformTransactionManager() {
                @Override
                protected Object doGetTransaction() {
                    return new Object();
                }

                @Override
                protected void doBegin(Object transaction, TransactionDefinition definition) {
                    transactions.incrementAndGet();
                }

                @Override
                protected void doCommit(DefaultTransactionStatus status) {
                }

                @Override
                protected void doRollback(DefaultTransactionStatus status) {
                }
            }));

    @Test
    void runsACommandAgainInANewTransactionAfterAnOptimisticLockFailure() {
        AtomicInteger calls = new AtomicInteger();

        String result = commands.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new ObjectOptimisticLockingFailureException(Session.class, 7L);
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(transactions).hasValue(3);
    }

    @Test
    void answersAConflictWhenEveryAttemptMeetsADeadlock() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> commands.run(() -> {
            calls.incrementAndGet();
            throw new CannotAcquireLockException("deadlock", new SQLTransactionRollbackException(
                    "Deadlock found when trying to get lock", "40001", 1213));
        })).isInstanceOf(ConflictException.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void knowsALockWaitTimeoutByItsErrorCodeWhereverItHides() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> commands.run(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("wrapped", new SQLException("Lock wait timeout exceeded", "HY000", 1205));
        })).isInstanceOf(ConflictException.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void leavesEveryOtherFailureAlone() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> commands.run(() -> {
            calls.incrementAndGet();
            throw new DataIntegrityViolationException("Data too long", new SQLException("Data too long", "22001",
                    1406));
        })).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(calls).hasValue(1);
    }
}
